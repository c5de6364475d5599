// Set or unset one dnscache file variable in env/ after checking it, then restart a running cache.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandContext } from '../../framework/declaration.js';
import { problem } from '../../framework/problems.js';
import { envFileContent } from '../../lib/daemontools/envdir.js';
import { cacheOf, listEntries, readEnvValue, restartIfRunning, withCacheLock } from './cache-dir.js';
import { openResolverComplaint } from '../../lib/dnscache/address-use.js';
import { validateCacheLimits, validateDnscacheVariable } from '../../lib/dnscache/env-vars.js';
import { requireOwnDirectory, requireOwnFileOrAbsent } from '../../lib/own-paths.js';

const ENV_AT_START = 'dnscache reads env/ only at start';

export async function setVariable(context: CommandContext, name: string, value: string): Promise<void> {
  const { op, out, force } = context;
  const cache = cacheOf(context);
  requireOwnDirectory(cache.dir);
  requireOwnDirectory(cache.env);
  validateDnscacheVariable(name, value);
  if (name === 'ROOT') checkRoot(value);
  const open = name === 'IP' && existsSync(cache.ip) ? openResolverComplaint(value, listEntries(cache.ip)) : undefined;
  if (open && !force) problem('refusing IP %s: %s', value, open);
  const checkAgainstOthers = () => {
    requireOwnFileOrAbsent(join(cache.env, name));
    const current = (variable: string) => (variable === name ? value : readEnvValue(cache.env, variable));
    const cacheSize = current('CACHESIZE');
    const dataLimit = current('DATALIMIT');
    if ((name === 'CACHESIZE' || name === 'DATALIMIT') && cacheSize !== undefined && dataLimit !== undefined) {
      validateCacheLimits(Number(cacheSize), Number(dataLimit));
    }
  };
  checkAgainstOthers(); // before the lock too, so a refusal leaves not even a lock file
  let changed = false;
  await withCacheLock(op, cache, async () => {
    checkAgainstOthers();
    if (readEnvValue(cache.env, name) === value) return;
    await op.writeFile(join(cache.env, name), envFileContent(value), 0o644);
    changed = true;
  });
  if (!changed) return out.note(`${name} is already ${value}; nothing changed`);
  out.done(`${name}=${value}`);
  if (name === 'IP') out.warn(`clients and resolver files still name the old address: re-run resolvConf after the restart`);
  await restartIfRunning(op, out, cache, ENV_AT_START);
}

/** ROOT is where dnscache chroots and finds ip/ and servers/. */
function checkRoot(value: string): void {
  if (!value.startsWith('/')) problem('bad ROOT "%s": expected an absolute path (dnscache chroots there)', value);
  for (const sub of ['ip', 'servers']) {
    if (!statSync(join(value, sub), { throwIfNoEntry: false })?.isDirectory()) {
      problem('bad ROOT "%s": no directory %s in it (dnscache reads ip/ and servers/ there)', value, join(value, sub));
    }
  }
}

export async function unsetVariable(context: CommandContext, name: string): Promise<void> {
  const { op, out } = context;
  if (name !== 'FORWARDONLY') {
    problem('refusing to unset %s: dnscache (or its run script) stops with "%s not set" without it; change it with envSet', name, `$${name}`);
  }
  const cache = cacheOf(context);
  requireOwnDirectory(cache.env);
  const path = join(cache.env, name);
  const removed = await withCacheLock(op, cache, async () => {
    if (!existsSync(path)) return false;
    await op.unlink(path);
    return true;
  });
  if (!removed) return out.note(`${name} is not set; nothing changed`);
  out.done(`${name} unset`);
  await restartIfRunning(op, out, cache, ENV_AT_START);
}
