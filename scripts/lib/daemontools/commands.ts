// The bodies of iim-daemontools' commands, loaded only when one of them runs (svcStatus stays
// in the script itself so that a status report loads as little as possible).
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { problem } from '../../../framework/problems.js';
import type { CommandContext } from '../../../framework/declaration.js';
import {
  isSupervised, linkService, processRuns, serviceTarget, stopAndUnlink, stopSupervised, svc, svscanPids, waitSupervised, withLog,
} from './control.js';
import { envFileContent, readEnvDir, validateEnvName, validateEnvValue } from './envdir.js';
import { followLog, lastLines, toLocalTimes } from './log-view.js';
import { logRunFileContent, parseMemoryLimit, runFileContent, validateCommand, validateUser } from './service-files.js';
import { validateServiceName } from './service-name.js';
import { entryExists, linkedServiceOf, linkPathOf, ownDirOf, serviceDirOf } from './service-paths.js';
import { readServiceDirStatuses } from './supervise-status.js';

type Run = (context: CommandContext) => Promise<void> | void;

const timeoutMs = (params: Record<string, string>) => Number(params.timeout) * 1000;

/** svc FLAGS for each NAME: validate every NAME, check supervise runs for each (svc would exit 0 anyway). */
export async function control(flags: string, { args, params, op }: CommandContext): Promise<void> {
  const dirs = args.map((name) => linkedServiceOf(params, name));
  for (const dir of dirs) if (!isSupervised(dir)) notSupervised(params, dir);
  await svc(op, flags, dirs);
}

function notSupervised(params: Record<string, string>, dir: string): never {
  const hint = svscanPids(params.serviceDir).length ? 'svscan notices a new link within 5 s' : `no svscan runs on ${params.serviceDir} (start one: svscanStart)`;
  return problem('supervise is not running for %s: %s', dir, hint);
}

/** `-p restart=yes`: restart NAME after a change to its file variables, when it runs. */
async function restartIfAsked({ params, op, out }: CommandContext, name: string): Promise<void> {
  if (params.restart !== 'yes') return;
  const link = linkPathOf(params, name);
  if (entryExists(link) && isSupervised(link)) await svc(op, '-t', [link]);
  else out.note(`${name} is not supervised: nothing to restart`);
}

function envDirOf(params: Record<string, string>, name: string): string {
  const dir = join(serviceDirOf(params, name), 'env');
  if (!existsSync(dir)) problem('no env directory %s: the run file of %s does not use envdir ./env', dir, name);
  return dir;
}

function validateLineCount(text: string): number {
  if (!/^[1-9][0-9]{0,6}$/.test(text)) problem('bad line count "%s": expected a whole number from 1 to 9999999', text);
  return Number(text);
}

function logFileOf(params: Record<string, string>, name: string): string {
  return join(serviceDirOf(params, name), 'log', 'main', 'current');
}

export const svscanStart: Run = async ({ params, op, out }) => {
  const running = svscanPids(params.serviceDir);
  if (running.length) problem('svscan already runs on %s (pid %s)', params.serviceDir, running.join(' '));
  await op.mkdir(params.serviceDir);
  const pid = await op.spawnDetached('svscan', [params.serviceDir], { logFile: join(params.serviceDir, '.svscan.log') });
  if (pid === undefined) return;
  if (!(await op.waitFor(`svscan (pid ${pid}) runs`, () => svscanPids(params.serviceDir).includes(pid), 5000))) {
    problem('svscan (pid %s) did not start on %s: see %s', pid, params.serviceDir, join(params.serviceDir, '.svscan.log'));
  }
  const dirs = serviceEntries(params.serviceDir).flatMap((name) => withLog(join(params.serviceDir, name)));
  await op.waitFor(`supervise runs for the ${dirs.length} directories in ${params.serviceDir}`, () => dirs.every(isSupervised), timeoutMs(params));
  out.result(`svscan runs on ${params.serviceDir} (pid ${pid})`);
};

export const svscanStatus: Run = ({ params, out }) => {
  const pids = svscanPids(params.serviceDir);
  const statuses = existsSync(params.serviceDir) ? readServiceDirStatuses(params.serviceDir) : [];
  const up = statuses.filter((s) => s.state === 'up').length;
  if (params.format === 'json') return out.json({ serviceDir: params.serviceDir, running: pids.length > 0, pids, services: statuses.length, up });
  out.result(pids.length ? `svscan runs on ${params.serviceDir} (pid ${pids.join(' ')})` : `no svscan runs on ${params.serviceDir}`);
  out.result(`${statuses.length} services, ${up} up`);
};

export const svscanStop: Run = async ({ params, op, out }) => {
  const pids = svscanPids(params.serviceDir);
  // svscan first, so it cannot start supervise again once they exit (DJB-LAB).
  for (const pid of pids) await op.signal(pid, 'SIGTERM');
  if (pids.length && !(await op.waitFor(`svscan ${pids.join(' ')} exits`, () => !pids.some(processRuns), 5000))) {
    for (const pid of pids.filter(processRuns)) await op.signal(pid, 'SIGKILL');
  }
  const dirs = serviceEntries(params.serviceDir).flatMap((name) => withLog(join(params.serviceDir, name)));
  await stopSupervised(op, op.performs ? dirs.filter(isSupervised) : dirs, timeoutMs(params));
  if (pids.length === 0) out.note(`no svscan ran on ${params.serviceDir}`);
};

export const svcCreate: Run = async ({ args: [name, ...command], params, op, out, force }) => {
  validateServiceName(name);
  const spec = {
    command: validateCommand(command),
    user: params.user ? validateUser(params.user) : undefined,
    memoryLimitBytes: params.memoryLimit ? parseMemoryLimit(params.memoryLimit) : undefined,
  };
  const dir = ownDirOf(params, name);
  const link = linkPathOf(params, name);
  const linked = entryExists(link);
  if ((linked || entryExists(dir)) && !force) problem('service "%s" exists (%s): to rewrite its run files, specify -f', name, linked ? link : dir);
  if (linked && serviceTarget(link) !== serviceTarget(dir)) problem('%s is not a link to %s: remove it first (svcRemove)', link, dir);
  await op.mkdir(join(dir, 'env'));
  await op.mkdir(join(dir, 'log', 'main'));
  await op.writeFile(join(dir, 'log', 'run'), logRunFileContent(), { mode: 0o755, keepExisting: false });
  await op.writeFile(join(dir, 'run'), runFileContent(spec), { mode: 0o755, keepExisting: false });
  if (linked) {
    if (isSupervised(link)) await svc(op, '-t', [link]);
    return;
  }
  await op.mkdir(params.serviceDir);
  await linkService(op, dir, params.serviceDir, name);
  if (svscanPids(params.serviceDir).length === 0) {
    out.note(`no svscan runs on ${params.serviceDir}: ${name} starts when one does (svscanStart)`);
  } else if (!(await waitSupervised(op, dir, timeoutMs(params)))) {
    problem('supervise did not start for %s within %s s', link, params.timeout);
  }
};

export const svcShow: Run = ({ args: [name], params, out }) => {
  const dir = serviceDirOf(params, name);
  for (const file of ['run', 'log/run']) {
    const path = join(dir, file);
    if (existsSync(path)) out.write(`==> ${path} <==\n${readFileSync(path, 'utf8')}`);
  }
  if (existsSync(join(dir, 'env'))) {
    out.write(`==> ${join(dir, 'env')} <==\n`);
    for (const [variable, value] of readEnvDir(join(dir, 'env'))) out.result(value === null ? `${variable} (unset)` : `${variable}=${value}`);
  }
};

/** A file (or directory) of a service to open: run by default; never outside the service directory. */
export function serviceFileOf(dir: string, file = 'run'): string {
  const parts = file.split('/');
  if (!/^[A-Za-z0-9_.=/-]+$/.test(file) || parts.some((part) => part === '' || part === '.' || part === '..')) {
    problem('bad FILE "%s": expected a path inside the service directory, like run, env, env/VAR or log/run', file);
  }
  const path = join(dir, ...parts);
  if (!existsSync(path)) problem('no %s (file variables are created with -i envSet NAME VAR VALUE)', path);
  return path;
}

export const svcVisit: Run = async ({ args: [name, file], params, op, out }) => {
  const path = serviceFileOf(serviceDirOf(params, name), file);
  const { visitFile } = await import('../../../framework/editor.js');
  const editor = await visitFile(op, path);
  if (op.performs && editor === 'emacsclient') out.note(`opened ${path} in Emacs`);
};

export const svcRemove: Run = async ({ args: [name], params, op, out }) => {
  const link = linkPathOf(params, name);
  const own = ownDirOf(params, name);
  let dir = own;
  if (entryExists(link)) {
    if (!isLink(link)) {
      problem('%s is a directory, not a link: rename it to %s first so svscan forgets it', link, join(params.serviceDir, `.${name}`));
    }
    dir = await stopAndUnlink(op, link, timeoutMs(params));
  } else if (!existsSync(own)) {
    problem('no service "%s": neither %s nor %s exists', name, link, own);
  }
  if (params.purge !== 'yes') return;
  if (existsSync(own) && serviceTarget(dir) === serviceTarget(own)) await op.remove(own);
  else out.warn(`not purged: ${dir} is not ${own}`);
};

export const svcNormallyDown: Run = async ({ args, params, op }) => {
  const dirs = args.map((name) => serviceDirOf(params, name));
  for (const dir of dirs) await op.writeFile(join(dir, 'down'), '');
};

export const svcNormallyUp: Run = async ({ args, params, op }) => {
  const dirs = args.map((name) => serviceDirOf(params, name));
  for (const dir of dirs) await op.unlink(join(dir, 'down'));
};

export const svcList: Run = ({ params, out }) => {
  const linked = serviceEntries(params.serviceDir).map((name) => ({ name, dir: serviceTarget(join(params.serviceDir, name)), linked: true }));
  const targets = new Set(linked.map((s) => s.dir));
  const unlinked = serviceEntries(params.svcBase)
    .map((name) => ({ name, dir: serviceTarget(join(params.svcBase, name)), linked: false }))
    .filter((s) => !targets.has(s.dir));
  const all = [...linked, ...unlinked];
  if (params.format === 'json') return out.json(all);
  for (const s of all) out.result(s.linked ? `${s.name}\t${s.dir}` : `${s.name}\t${s.dir}\t(not linked)`);
};

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
  const dir = envDirOf(context.params, name);
  await context.op.writeFile(join(dir, variable), envFileContent(value));
  await restartIfAsked(context, name);
};

export const envUnset: Run = async (context) => {
  const [name, variable] = context.args;
  validateEnvName(variable);
  const file = join(envDirOf(context.params, name), variable);
  if (!existsSync(file)) return context.out.note(`${name} has no variable ${variable}`);
  await context.op.unlink(file);
  await restartIfAsked(context, name);
};

export const logShow: Run = ({ args: [name, count = '20'], params, out }) => {
  const lines = validateLineCount(count);
  const file = logFileOf(params, name);
  if (!existsSync(file)) problem('no log yet: %s does not exist', file);
  const shown = toLocalTimes(lastLines(file, lines));
  if (shown.length) out.write(shown.join('\n') + '\n');
};

export const logFollow: Run = async ({ args: [name], params, out }) => {
  const file = logFileOf(params, name);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await followLog(file, 10, out.write, stop.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
};

/** Entries svscan would consider in DIR (dot files skipped), sorted. */
function serviceEntries(dir: string): string[] {
  return readdirSafe(dir).filter((name) => !name.startsWith('.')).sort();
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
