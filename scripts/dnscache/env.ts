// iim-dnscache's envList, envGet, envSet and envUnset: the file variables in env/, by name.
import type { CommandContext } from '../../framework/declaration.js';
import { problem } from '../../framework/problems.js';
import { readEnvDir } from '../../lib/daemontools/envdir.js';
import { cacheOf, readEnvValue } from './cache-dir.js';
import { DNSCACHE_VARIABLES } from '../../lib/dnscache/env-vars.js';
import { setVariable, unsetVariable } from './env-writes.js';

function checkedName(name: string): string {
  if (!(DNSCACHE_VARIABLES as readonly string[]).includes(name)) {
    problem('unknown dnscache variable "%s": expected one of %s', name, DNSCACHE_VARIABLES.join(', '));
  }
  return name;
}

export async function envList(context: CommandContext): Promise<void> {
  const { params, out } = context;
  const cache = cacheOf(context);
  const entries = readEnvDir(cache.env);
  if (params.format === 'json') return out.json(Object.fromEntries(entries));
  for (const [name, value] of entries) out.result(value === null ? `${name} (unset)` : `${name}=${value}`);
}

export async function envGet(context: CommandContext): Promise<void> {
  const { args: [nameArgument], out } = context;
  const name = checkedName(nameArgument);
  const cache = cacheOf(context);
  const value = readEnvValue(cache.env, name);
  if (value === undefined) problem('%s is not set in %s', name, cache.env);
  out.result(value);
}

export async function envSet(context: CommandContext): Promise<void> {
  const [name, value] = context.args;
  await setVariable(context, checkedName(name), value);
}

export async function envUnset(context: CommandContext): Promise<void> {
  await unsetVariable(context, checkedName(context.args[0]));
}
