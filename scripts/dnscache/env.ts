// iim-dnscache's envList, envGet, envSet and envUnset: the file variables in env/, by name.
import { existsSync } from 'node:fs';
import type { CommandContext } from '../../framework/declaration.js';
import { problem } from '../../framework/problems.js';
import { readEnvDir } from '../../lib/daemontools/envdir.js';
import { cacheDirOf, readEnvValue } from './cache-dir.js';
import { DNSCACHE_VARIABLES } from '../../lib/dnscache/env-vars.js';
import { setVariable, unsetVariable } from './env-writes.js';

function checkedName(name: string): string {
  if (!(DNSCACHE_VARIABLES as readonly string[]).includes(name)) {
    problem('unknown dnscache variable "%s": expected one of %s', name, DNSCACHE_VARIABLES.join(', '));
  }
  return name;
}

export async function envList({ params, out }: CommandContext): Promise<void> {
  const cache = cacheDirOf(params.dir);
  if (!existsSync(cache.env)) problem('no %s: set the cache up first (-i setup IP)', cache.env);
  const entries = readEnvDir(cache.env);
  if (params.format === 'json') return out.json(Object.fromEntries(entries));
  for (const [name, value] of entries) out.result(value === null ? `${name} (unset)` : `${name}=${value}`);
}

export async function envGet({ args: [nameArgument], params, out }: CommandContext): Promise<void> {
  const name = checkedName(nameArgument);
  const value = readEnvValue(cacheDirOf(params.dir).env, name);
  if (value === undefined) problem('%s is not set in %s', name, cacheDirOf(params.dir).env);
  out.result(value);
}

export async function envSet(context: CommandContext): Promise<void> {
  const [name, value] = context.args;
  await setVariable(context, checkedName(name), value);
}

export async function envUnset(context: CommandContext): Promise<void> {
  await unsetVariable(context, checkedName(context.args[0]));
}
