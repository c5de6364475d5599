// iim-daemontools file variables: env/ as envdir reads it, changed atomically, with an optional restart.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { problem } from '../../framework/problems.js';
import type { CommandContext } from '../../framework/declaration.js';
import { isSupervised, svc } from '../../lib/daemontools/control.js';
import { envFileContent, readEnvDir, validateEnvName, validateEnvValue } from '../../lib/daemontools/envdir.js';
import { serviceLockPath } from '../../lib/daemontools/service-lock.js';
import { entryExists, linkPathOf, serviceDirOf } from '../../lib/daemontools/service-paths.js';
import { requireStaysUp } from '../../lib/daemontools/stays-up.js';
import { readServiceStatus } from '../../lib/daemontools/supervise-status.js';
import { isDnscacheDir, validateDnscacheChange } from '../../lib/dnscache/env-vars.js';
import { requireOwnDirectory, requireOwnFileOrAbsent } from '../../lib/own-paths.js';
import { timeoutMs, type Run } from './service-entries.js';

/** `-p restart=yes`: restart NAME after a change to its file variables, when it runs, and see it stay up. */
async function restartIfAsked({ params, op, out }: CommandContext, name: string): Promise<void> {
  if (params.restart !== 'yes') return;
  const link = linkPathOf(params, name);
  if (!entryExists(link) || !isSupervised(link)) return out.note(`${name} is not supervised: nothing to restart`);
  const before = readServiceStatus(link);
  if (before.pid !== 0) await svc(op, '-t', [link]);
  // Down but wanted up (between two starts of a crash loop): supervise starts it with the change.
  if (before.pid !== 0 || before.wanted === 'up') {
    await requireStaysUp(op, link, name, { formerPid: before.pid, timeoutMs: timeoutMs(params) });
  }
}

function envDirOf(params: Record<string, string>, name: string): string {
  const dir = join(serviceDirOf(params, name), 'env');
  if (!existsSync(dir)) problem('no env directory %s: the run file of %s does not use envdir ./env', dir, name);
  return dir;
}

/** env/ of NAME for a change: a real directory (a link there would have us write elsewhere), and its lock. */
function envDirToChange(params: Record<string, string>, name: string): { dir: string; lock: string } {
  const service = serviceDirOf(params, name);
  requireOwnDirectory(join(service, 'env'));
  return { dir: envDirOf(params, name), lock: serviceLockPath(service) };
}

export const envList: Run = ({ args: [name], params, out }) => {
  const entries = readEnvDir(envDirOf(params, name));
  if (params.format === 'json') return out.json(Object.fromEntries(entries));
  for (const [variable, value] of entries) out.result(value === null ? `${variable} (unset)` : `${variable}=${value}`);
};

export const envGet: Run = ({ args: [name, variable], params, out }) => {
  validateEnvName(variable);
  const value = readEnvDir(envDirOf(params, name)).get(variable);
  if (value === undefined) problem('%s has no variable %s', name, variable);
  if (value === null) problem('%s: %s is unset (an empty file)', name, variable);
  out.result(value);
};

export const envSet: Run = async (context) => {
  const [name, variable, value] = context.args;
  validateEnvValue(validateEnvName(variable), value);
  const { dir, lock } = envDirToChange(context.params, name);
  // a dnscache gets iim-dnscache's checks: a CACHESIZE its DATALIMIT cannot hold would stop it starting
  const dnscache = isDnscacheDir(serviceDirOf(context.params, name));
  if (dnscache) validateDnscacheChange(dir, variable, value, { force: context.force });
  const file = join(dir, variable);
  requireOwnFileOrAbsent(file);
  await context.op.withLock(lock, async () => {
    requireOwnFileOrAbsent(file);
    if (dnscache) validateDnscacheChange(dir, variable, value, { force: context.force });
    // 0644, whatever the umask: envdir may run after setuidgid in a hand-written run file.
    await context.op.writeFile(file, envFileContent(value), 0o644);
  });
  await restartIfAsked(context, name);
  context.out.done(`${name}: ${variable}=${value} (${file})${context.params.restart === 'yes' ? '' : '; the service reads it when it starts again (-p restart=yes)'}`);
};

export const envUnset: Run = async (context) => {
  const [name, variable] = context.args;
  validateEnvName(variable);
  const { dir, lock } = envDirToChange(context.params, name);
  const file = join(dir, variable);
  if (!existsSync(file)) return context.out.note(`${name} has no variable ${variable}`);
  await context.op.withLock(lock, () => context.op.unlink(file));
  await restartIfAsked(context, name);
  context.out.done(`${name}: ${variable} removed (${file})`);
};
