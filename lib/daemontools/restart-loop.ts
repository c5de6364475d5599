// Whether a young service keeps restarting: supervise starts a service that exits again a second
// later (supervise.c: sleep(1) between starts), so one svstat reading of a crash loop looks like
// "up (pid 5838) 0 seconds". Only services up (or wanted up) for under 2 s are watched, for
// at most a few seconds, so a status of hundreds of long-running services pays nothing.
import { processRuns } from './control.js';
import { logExcerpt, STAYS_UP_MS } from './stays-up.js';
import { readServiceStatus, type SuperviseStatus } from './supervise-status.js';

/** A status read younger than this is watched. */
export const YOUNG_SECONDS = 2;
const WATCH_MS = 3000;
const INTERVAL_MS = 100;

export interface Restarting {
  /** Starts seen (distinct pids) while watching. */
  starts: number;
  /** How long we watched, in seconds. */
  seconds: number;
}

/** Does this reading need watching: up under 2 s, or down but wanted up (between two starts)? */
export function isYoung(status: SuperviseStatus): boolean {
  if (!status.supervised || status.paused || status.problem !== undefined) return false;
  if (status.pid !== 0) return status.seconds < YOUNG_SECONDS;
  return status.wanted === 'up' && status.seconds < YOUNG_SECONDS;
}

interface Watch {
  dir: string;
  pids: Set<number>;
  deaths: Set<number>;
  downSeen: boolean;
  pid: number;
  since: number;
  decided?: Restarting | 'healthy';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Watch the young services among DIRS (directory and its status read) and return, for each one
 * that keeps restarting, how often it started. A live pid that lasts 1.5 s ends the watch as healthy.
 */
export async function findRestarting(services: ReadonlyArray<{ dir: string; status: SuperviseStatus }>): Promise<Map<string, Restarting>> {
  const watches: Watch[] = services
    .filter(({ status }) => isYoung(status))
    .map(({ dir, status }) => ({ dir, pids: new Set(status.pid ? [status.pid] : []), deaths: new Set<number>(), downSeen: status.pid === 0, pid: status.pid, since: Date.now() - status.seconds * 1000 }));
  const found = new Map<string, Restarting>();
  if (watches.length === 0) return found;
  const started = Date.now();
  for (;;) {
    for (const watch of watches) {
      if (watch.decided) continue;
      const now = readServiceStatus(watch.dir);
      if (now.pid !== watch.pid) {
        watch.pid = now.pid;
        watch.since = Date.now() - now.seconds * 1000;
        if (now.pid !== 0) watch.pids.add(now.pid);
      }
      if (now.pid === 0) {
        if (now.wanted !== 'up') watch.decided = 'healthy'; // stopped on purpose: not a loop
        else watch.downSeen = true;
      } else if (!processRuns(now.pid)) {
        watch.deaths.add(now.pid); // exited; supervise reaps it after its 1 s pause
      } else if (Date.now() - watch.since >= STAYS_UP_MS) {
        watch.decided = 'healthy';
      }
      const exits = watch.deaths.size + (watch.downSeen ? 1 : 0);
      if (!watch.decided && exits >= 1 && watch.pids.size >= 2) {
        watch.decided = { starts: watch.pids.size, seconds: Math.max(1, Math.round((Date.now() - started) / 1000)) };
        found.set(watch.dir, watch.decided);
      }
    }
    if (watches.every((watch) => watch.decided) || Date.now() - started >= WATCH_MS) return found;
    await sleep(INTERVAL_MS);
  }
}

/** Watch the young ones among these statuses (each with its directory) and mark those that keep restarting; those. */
export async function markRestarting<T extends { dir: string; status: SuperviseStatus }>(services: readonly T[]): Promise<T[]> {
  const found = await findRestarting(services);
  return services.filter(({ dir, status }) => {
    const restarting = found.get(dir);
    if (restarting) status.restarting = restarting;
    return restarting !== undefined;
  });
}

/** The complaint for a status command: who keeps restarting, and what its log says. */
export function restartingComplaint(services: ReadonlyArray<{ dir: string; status: SuperviseStatus }>): string {
  return services
    .map(({ dir, status }) => `${status.name} keeps restarting (it exits and supervise starts it again ${status.restarting?.starts ?? 'and again'} times in ${status.restarting?.seconds ?? '?'} s); ${logExcerpt(dir, 3)}`)
    .join('\n');
}
