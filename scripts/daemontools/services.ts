// iim-daemontools services: service directories made, shown, visited, removed, listed; normally up or down.
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Operations } from '../../framework/operations.js';
import { problem } from '../../framework/problems.js';
import { isSupervised, linkService, processRuns, serviceTarget, stopAndUnlink, svc, svscanPids, waitSupervised } from '../../lib/daemontools/control.js';
import { envFileContent, readEnvDir, validateEnvName, validateEnvValue } from '../../lib/daemontools/envdir.js';
import { serviceLockPath } from '../../lib/daemontools/service-lock.js';
import { validateServiceName } from '../../lib/daemontools/service-name.js';
import { entryExists, linkPathOf, ownDirOf, serviceDirOf } from '../../lib/daemontools/service-paths.js';
import { requireStaysUp } from '../../lib/daemontools/stays-up.js';
import { readServiceStatus } from '../../lib/daemontools/supervise-status.js';
import { readOwnFile, requireOwnDirectory, requireOwnFileOrAbsent } from '../../lib/own-paths.js';
import { logRunFileContent, parseMemoryLimit, runFileContent, validateCommand, validateUser } from './service-files.js';
import { isLink, readdirSafe, serviceEntries, timeoutMs, type Run } from './service-entries.js';

export const svcCreate: Run = async ({ args: [name, ...command], params, op, out, force }) => {
  validateServiceName(name);
  const spec = {
    command: validateCommand(command),
    user: params.user ? validateUser(params.user) : undefined,
    memoryLimitBytes: params.memoryLimit ? parseMemoryLimit(params.memoryLimit) : undefined,
  };
  const files = { run: runFileContent(spec), logRun: logRunFileContent(), env: parseEnvSettings(params.env ?? '') };
  const dir = ownDirOf(params, name);
  const link = linkPathOf(params, name);
  requireOwnDirectory(dir, true);
  const linked = entryExists(link);
  if (linked && serviceTarget(link) !== serviceTarget(dir)) {
    if (!force) problem('service "%s" exists (%s): to rewrite its run files, specify -f', name, link);
    problem('%s is not a link to %s: remove it first (svcRemove)', link, dir);
  }
  // The same files already there: an earlier svcCreate was interrupted after the rename; finish it.
  const finishing = entryExists(dir) && sameServiceFiles(dir, files);
  if ((linked || entryExists(dir)) && !force && !finishing) problem('service "%s" exists (%s): to rewrite its run files, specify -f', name, linked ? link : dir);
  await removeStaleBuilds(op, params.svcBase, name);
  if (!entryExists(dir)) await buildService(op, params.svcBase, dir, name, files);
  else if (!finishing) {
    await rewriteServiceFiles(op, dir, files);
    if (linked && isSupervised(link)) {
      const before = readServiceStatus(link).pid;
      await svc(op, '-t', [link]);
      await requireStaysUp(op, link, name, { formerPid: before, timeoutMs: timeoutMs(params) });
      return out.done(`${name}: run files rewritten in ${dir}, restarted and stays up`);
    }
  }
  if (!linked) {
    await op.mkdir(params.serviceDir);
    await linkService(op, dir, params.serviceDir, name);
  }
  if (svscanPids(params.serviceDir).length === 0) {
    out.note(`no svscan runs on ${params.serviceDir}: ${name} starts when one does (svscanStart)`);
    return out.done(`${name}: made in ${dir}, linked as ${link}`);
  }
  if (!(await waitSupervised(op, dir, timeoutMs(params)))) problem('supervise did not start for %s within %s s', link, params.timeout);
  const down = existsSync(join(dir, 'down'));
  if (!down) await requireStaysUp(op, link, name, { timeoutMs: timeoutMs(params) });
  out.done(`${name}: made in ${dir}, linked as ${link}, ${down ? 'supervised (normally down)' : 'up and stays up'}`);
};

interface ServiceFiles {
  run: string;
  logRun: string;
  /** File variables for env/ (-p env=VAR=VALUE,...), there before the service first starts. */
  env: [string, string][];
}

function sameServiceFiles(dir: string, files: ServiceFiles): boolean {
  const read = (path: string) => (isPlainFile(path) ? readFileSync(path, 'utf8') : undefined);
  return read(join(dir, 'run')) === files.run && read(join(dir, 'log', 'run')) === files.logRun && isRealDirectory(join(dir, 'env'));
}

/** svcBase/.NAME.iim-new-PID: where svcCreate builds NAME before renaming it into place. */
const buildPrefix = (name: string) => `.${name}.iim-new-`;

/** Builds left by an svcCreate that was killed (its pid gone): a retry removes them. */
async function removeStaleBuilds(op: Operations, svcBase: string, name: string): Promise<void> {
  for (const entry of readdirSafe(svcBase)) {
    if (!entry.startsWith(buildPrefix(name))) continue;
    const pid = Number(entry.slice(buildPrefix(name).length));
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processRuns(pid)) continue;
    await op.remove(join(svcBase, entry));
  }
}

/**
 * Make the whole service in a temporary directory beside its place, then rename it there: a
 * service is complete or absent, never a directory without run (which svscan would start and a
 * retry would refuse). Modes are set explicitly: mkdir's mode is cut by the umask.
 */
async function buildService(op: Operations, svcBase: string, dir: string, name: string, files: ServiceFiles): Promise<void> {
  const build = join(svcBase, `${buildPrefix(name)}${process.pid}`);
  await op.mkdir(join(build, 'env'));
  await op.mkdir(join(build, 'log', 'main'));
  for (const path of [build, join(build, 'env'), join(build, 'log'), join(build, 'log', 'main')]) await op.chmod(path, 0o755);
  for (const [variable, value] of files.env) await op.writeFile(join(build, 'env', variable), envFileContent(value), 0o644);
  await op.writeFile(join(build, 'log', 'run'), files.logRun, 0o755);
  await op.writeFile(join(build, 'run'), files.run, 0o755);
  try {
    await op.rename(build, dir);
  } catch (error) {
    await op.remove(build);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') problem('service "%s" was made meanwhile (%s): to rewrite its run files, specify -f', name, dir);
    throw error;
  }
}

/** svcCreate -f: new run files in place, under the service's lock, never through a planted link. */
async function rewriteServiceFiles(op: Operations, dir: string, files: ServiceFiles): Promise<void> {
  await op.withLock(serviceLockPath(dir), async () => {
    for (const sub of ['env', 'log', join('log', 'main')]) requireOwnDirectory(join(dir, sub), true);
    for (const file of ['run', join('log', 'run')]) requireOwnFileOrAbsent(join(dir, file));
    await op.mkdir(join(dir, 'env'), 0o755);
    await op.mkdir(join(dir, 'log', 'main'), 0o755);
    for (const [variable, value] of files.env) await op.writeFile(join(dir, 'env', variable), envFileContent(value), { mode: 0o644, keepExisting: false });
    await op.writeFile(join(dir, 'log', 'run'), files.logRun, { mode: 0o755, keepExisting: false });
    await op.writeFile(join(dir, 'run'), files.run, { mode: 0o755, keepExisting: false });
  });
}

/** -p env=VAR=VALUE,VAR=VALUE: each name and value checked as envSet checks them. */
function parseEnvSettings(text: string): [string, string][] {
  if (text === '') return [];
  return text.split(',').map((word) => {
    const equals = word.indexOf('=');
    if (equals <= 0) problem('bad env setting "%s": expected VAR=VALUE (several separated by ",")', word);
    const variable = validateEnvName(word.slice(0, equals));
    return [variable, validateEnvValue(variable, word.slice(equals + 1))];
  });
}

function isPlainFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

function isRealDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

export const svcShow: Run = ({ args: [name], params, out }) => {
  const dir = serviceDirOf(params, name);
  for (const file of ['run', 'log/run']) {
    const path = join(dir, file);
    if (lstatSync(path, { throwIfNoEntry: false })) out.write(`==> ${path} <==\n${readOwnFile(path).toString('utf8')}`);
  }
  if (lstatSync(join(dir, 'env'), { throwIfNoEntry: false })) {
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
  const { visitFile } = await import('../../framework/editor.js');
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
  if (params.purge !== 'yes') return out.done(`${name}: stopped and unlinked from ${params.serviceDir} (${dir} kept)`);
  if (existsSync(own) && serviceTarget(dir) === serviceTarget(own)) {
    await op.remove(own);
    out.done(`${name}: stopped, unlinked and removed (${own})`);
  } else out.warn(`not purged: ${dir} is not ${own}`);
};

export const svcNormallyDown: Run = async ({ args, params, op, out }) => {
  const dirs = args.map((name) => serviceDirOf(params, name));
  for (const dir of dirs) await op.writeFile(join(dir, 'down'), '');
  args.forEach((name, i) => out.done(`${name}: normally down (${join(dirs[i], 'down')})`));
};

export const svcNormallyUp: Run = async ({ args, params, op, out }) => {
  const dirs = args.map((name) => serviceDirOf(params, name));
  for (const dir of dirs) await op.unlink(join(dir, 'down'));
  args.forEach((name, i) => out.done(`${name}: normally up (removed ${join(dirs[i], 'down')})`));
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
