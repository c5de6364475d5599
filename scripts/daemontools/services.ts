// iim-daemontools services: service directories made, shown, visited, removed, listed; normally up or down.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { problem } from '../../framework/problems.js';
import { isSupervised, linkService, serviceTarget, stopAndUnlink, svc, svscanPids, waitSupervised } from '../../lib/daemontools/control.js';
import { readEnvDir } from '../../lib/daemontools/envdir.js';
import { validateServiceName } from '../../lib/daemontools/service-name.js';
import { entryExists, linkPathOf, ownDirOf, serviceDirOf } from '../../lib/daemontools/service-paths.js';
import { logRunFileContent, parseMemoryLimit, runFileContent, validateCommand, validateUser } from './service-files.js';
import { isLink, serviceEntries, timeoutMs, type Run } from './service-entries.js';

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
