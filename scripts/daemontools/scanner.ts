// iim-daemontools scanner: a private svscan over serviceDir, its status, stopping it and everything under it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { problem } from '../../framework/problems.js';
import { isSupervised, processRuns, stopSupervised, svscanPids, withLog } from '../../lib/daemontools/control.js';
import { readServiceDirStatuses } from '../../lib/daemontools/supervise-status.js';
import { requireOwnFileOrAbsent } from '../../lib/own-paths.js';
import { serviceEntries, timeoutMs, type Run } from './service-entries.js';

export const svscanStart: Run = async ({ params, op, out }) => {
  const running = svscanPids(params.serviceDir);
  if (running.length) problem('svscan already runs on %s (pid %s)', params.serviceDir, running.join(' '));
  await op.mkdir(params.serviceDir);
  // spawnDetached appends to the log with a plain open, which follows a link: one planted at
  // .svscan.log (even dangling) would have svscan's output written wherever it points. Checked
  // with lstat just before the open (the framework's O_NOFOLLOW would close the small gap left).
  const logFile = join(params.serviceDir, '.svscan.log');
  requireOwnFileOrAbsent(logFile);
  const pid = await op.spawnDetached('svscan', [params.serviceDir], { logFile });
  if (pid === undefined) return out.done(`svscan started on ${params.serviceDir}`);
  if (!(await op.waitFor(`svscan (pid ${pid}) runs`, () => svscanPids(params.serviceDir).includes(pid), 5000))) {
    problem('svscan (pid %s) did not start on %s: see %s', pid, params.serviceDir, join(params.serviceDir, '.svscan.log'));
  }
  const dirs = serviceEntries(params.serviceDir).flatMap((name) => withLog(join(params.serviceDir, name)));
  await op.waitFor(`supervise runs for the ${dirs.length} directories in ${params.serviceDir}`, () => dirs.every(isSupervised), timeoutMs(params));
  out.done(`svscan runs on ${params.serviceDir} (pid ${pid})`);
};

export const svscanStatus: Run = ({ params, out }) => {
  const pids = svscanPids(params.serviceDir);
  const statuses = existsSync(params.serviceDir) ? readServiceDirStatuses(params.serviceDir) : [];
  const up = statuses.filter((s) => s.state === 'up').length;
  if (params.format === 'json') return out.json({ serviceDir: params.serviceDir, running: pids.length > 0, pids, services: statuses.length, up });
  out.result(pids.length ? `svscan runs on ${params.serviceDir} (pid ${pids.join(' ')})` : `no svscan runs on ${params.serviceDir}`);
  out.result(`${statuses.length} service${statuses.length === 1 ? '' : 's'}, ${up} up`);
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
  out.done(`stopped ${pids.length ? `svscan (pid ${pids.join(' ')}) on ` : 'every service in '}${params.serviceDir}: ${dirs.length} supervised director${dirs.length === 1 ? 'y' : 'ies'} down and exited`);
};
