// Controlling supervised services through the operation layer: svc, svok-style probes,
// linking into and out of a scanned directory in DJB-LAB's safe order, finding svscan.
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Actions } from '../actions.js';
import { Problem } from '../../framework/problems.js';
import { InvalidInput, quote } from '../invalid-input.js';
import { superviseRunning } from './supervise-status.js';

/** svc's options (svc.c): up, down, once, exit, pause, continue, hup, alarm, interrupt, term, kill. */
const SVC_LETTERS = /^-[udoxpchaitk]+$/;

/** Run `svc FLAGS DIR...` (e.g. `-t`, `-dx`). svc exits 0 even when nothing supervises DIR: check first. */
export async function svc(op: Actions, flags: string, dirs: readonly string[]): Promise<void> {
  if (!SVC_LETTERS.test(flags)) throw new InvalidInput(`bad svc flags ${quote(flags)}: expected "-" and letters from udoxpchaitk`);
  if (dirs.length === 0) return;
  await op.run('svc', [flags, ...dirs]);
}

/** Does supervise run for DIR? Read-only, like svok (opens supervise/ok O_WRONLY|O_NONBLOCK). */
export function isSupervised(dir: string): boolean {
  return superviseRunning(dir);
}

/** DIR and, when it has one, DIR/log: the directories a service's supervise processes run in. */
export function withLog(dir: string): string[] {
  return existsSync(join(dir, 'log')) ? [dir, join(dir, 'log')] : [dir];
}

/** Wait (bounded) until supervise runs for DIR and its log; false on time-out (true when only shown). */
export async function waitSupervised(op: Actions, dir: string, timeoutMs = 15_000): Promise<boolean> {
  const dirs = withLog(dir);
  return op.waitFor(`supervise runs in ${dirs.join(' and ')}`, () => dirs.every(isSupervised), timeoutMs);
}

/** Wait (bounded) until no supervise runs for any of DIRS. */
export async function waitUnsupervised(op: Actions, dirs: readonly string[], timeoutMs = 15_000): Promise<boolean> {
  return op.waitFor(`no supervise runs in ${dirs.join(' ')}`, () => !dirs.some(isSupervised), timeoutMs);
}

/** Link service directory DIR into SERVICEDIR (as NAME, default DIR's last component): svscan starts it within 5 s. */
export async function linkService(op: Actions, dir: string, serviceDir: string, name = dir.replace(/\/+$/, '').split('/').pop()!): Promise<string> {
  const linkPath = join(serviceDir, name);
  await op.symlink(resolve(dir), linkPath);
  return linkPath;
}

/**
 * Stop a linked service for good, in DJB-LAB's safe order: remove the link (so svscan cannot
 * start supervise again), `svc -dx` the service, then its log, wait until both supervise
 * processes exit (a service ignoring TERM gets `svc -k`). Returns the service directory.
 */
export async function stopAndUnlink(op: Actions, linkPath: string, timeoutMs = 15_000): Promise<string> {
  const dir = serviceTarget(linkPath);
  const dirs = withLog(dir);
  if (lstatSync(linkPath).isSymbolicLink()) await op.unlink(linkPath);
  await stopSupervised(op, dirs, timeoutMs);
  return dir;
}

/** `svc -dx` each directory still supervised (service before log), wait until every supervise is gone. */
export async function stopSupervised(op: Actions, dirs: readonly string[], timeoutMs = 15_000): Promise<void> {
  if (dirs.length === 0) return;
  const services = dirs.filter((dir) => !dir.endsWith('/log'));
  const logs = dirs.filter((dir) => dir.endsWith('/log'));
  for (const group of [services, logs]) {
    const running = op.performs ? group.filter(isSupervised) : group;
    await svc(op, '-dx', running);
  }
  if (await waitUnsupervised(op, dirs, timeoutMs)) return;
  // supervise exits only once the service is down; TERM was not enough.
  await svc(op, '-kx', dirs.filter(isSupervised));
  if (!(await waitUnsupervised(op, dirs, timeoutMs))) {
    throw new Problem(`supervise still runs in ${dirs.filter(isSupervised).join(' ')} after svc -dx and svc -kx`);
  }
}

/** Where a link in the scanned directory points (the directory supervise runs in). */
export function serviceTarget(linkPath: string): string {
  try {
    return realpathSync(linkPath);
  } catch {
    const stats = lstatSync(linkPath);
    return stats.isSymbolicLink() ? resolve(linkPath, '..', readlinkSync(linkPath)) : linkPath;
  }
}

/** Pids of every svscan whose working directory is SERVICEDIR (svscan chdirs there), read from /proc. */
export function svscanPids(serviceDir: string): number[] {
  let wanted: string;
  try {
    wanted = realpathSync(serviceDir);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'svscan') continue;
      if (readlinkSync(`/proc/${entry}/cwd`) === wanted) pids.push(Number(entry));
    } catch {
      // the process went away, or is not ours to look at
    }
  }
  return pids;
}

/** Is the process alive (not a zombie)? */
export function processRuns(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}
