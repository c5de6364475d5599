// Whether a service stays up after svc -u or -t. supervise starts a service that exits again a
// second later (supervise.c: sleep(1) between starts), so a new pid proves nothing: the same pid
// for a while does. When it does not stay up, the last lines of its log say why.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Actions } from '../actions.js';
import { Problem } from '../../framework/problems.js';
import { processRuns } from './control.js';
import { lastLines, toLocalTimes } from './log-view.js';
import { readServiceStatus } from './supervise-status.js';

/** How long one pid must last to count as "stays up": longer than supervise's 1 s restart pause. */
export const STAYS_UP_MS = 1500;
/** Starts seen without staying up before we call it a crash loop (no need to wait the whole time-out). */
const STARTS_IN_A_LOOP = 3;
/** Starts seen to have exited already (their pid a zombie): two of them are a crash loop. */
const DEATHS_IN_A_LOOP = 2;

export interface StaysUpOptions {
  /** The pid before svc -t: the service must come back under another one. */
  formerPid?: number;
  holdMs?: number;
  timeoutMs?: number;
}

/**
 * Wait until DIR runs one pid (not formerPid) for holdMs; the pid, or undefined when it kept
 * exiting (a crash loop) or never came up within timeoutMs. 0 when actions are only shown.
 */
export async function waitStaysUp(op: Actions, dir: string, options: StaysUpOptions = {}): Promise<number | undefined> {
  const { formerPid = 0, holdMs = STAYS_UP_MS, timeoutMs = 15_000 } = options;
  let pid = 0;
  let since = 0;
  let starts = 0;
  let deaths = 0;
  let deadPid = 0;
  let verdict: number | undefined;
  const decided = await op.waitFor(
    `${dir} stays up (one pid for ${holdMs / 1000} s)`,
    () => {
      const status = readServiceStatus(dir);
      if (status.pid !== pid) {
        if (status.pid !== 0 && status.pid !== formerPid) starts++;
        pid = status.pid;
        // supervise/status dates the start (whole seconds): a pid up for long need not be watched.
        since = Date.now() - status.seconds * 1000;
      }
      // supervise reaps a child that exited only after its 1 s pause, so supervise/status names a
      // dead (zombie) pid for about a second: only a pid that is still a live process counts.
      const alive = pid !== 0 && processRuns(pid);
      if (alive && pid !== formerPid && Date.now() - since >= holdMs) verdict = pid;
      if (!alive && pid !== 0 && pid !== formerPid && pid !== deadPid) {
        deadPid = pid;
        deaths++;
      }
      return verdict !== undefined || starts > STARTS_IN_A_LOOP || deaths >= DEATHS_IN_A_LOOP;
    },
    timeoutMs,
    50,
  );
  if (!op.performs) return 0;
  return decided ? verdict : undefined;
}

/** The last lines of DIR/log/main/current (multilog t ./main), stamps in local time, for a complaint. */
export function logExcerpt(dir: string, count = 5): string {
  const log = join(dir, 'log', 'main', 'current');
  if (!existsSync(log)) return `no log at ${log}`;
  const lines = toLocalTimes(lastLines(log, count));
  return lines.length ? `last lines of ${log}:\n${lines.map((line) => `  ${line}`).join('\n')}` : `${log} is empty`;
}

/** Like waitStaysUp, but a service that does not stay up is a problem naming what its log says. */
export async function requireStaysUp(op: Actions, dir: string, what: string, options: StaysUpOptions = {}): Promise<number> {
  const pid = await waitStaysUp(op, dir, options);
  if (pid !== undefined) return pid;
  const status = readServiceStatus(dir);
  const how = status.wanted === 'up' ? 'it exits and supervise starts it again and again' : `it is ${status.state}`;
  throw new Problem(`${what} in ${dir} does not stay up after ${options.formerPid ? 'svc -t' : 'starting'} (${how}); ${logExcerpt(dir)}`);
}
