// The programs we are running right now, so that a signal that stops us (TERM, INT, HUP) stops
// them too: it is forwarded to each, we wait for them, and we end as that signal's 128+n.
import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';

const FORWARDED = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

interface Running {
  child: ChildProcess;
  /** Started in its own process group (detached): the signal goes to the whole group. */
  group: boolean;
}

const running = new Set<Running>();
let stoppedBy: NodeJS.Signals | undefined;

/** The signal that asked us to stop while programs ran, if one did. */
export function stopSignal(): NodeJS.Signals | undefined {
  return stoppedBy;
}

/** The exit status a shell expects of a program stopped by SIGNAL (128 + its number). */
export function signalExitStatus(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/**
 * Once the command has unwound (its programs are gone), die of the same signal rather than only
 * exit 128+n: a shell running us in a loop stops the loop only for a child killed by SIGINT.
 */
function dieOfTheSameSignal(): void {
  if (!stoppedBy || running.size > 0) return;
  listen(false);
  process.kill(process.pid, stoppedBy);
}

function forward(signal: NodeJS.Signals): void {
  if (!stoppedBy) process.once('exit', dieOfTheSameSignal);
  stoppedBy ??= signal;
  for (const { child, group } of running) {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) continue;
    try {
      process.kill(group ? -child.pid : child.pid, signal);
    } catch {
      /* it ended meanwhile */
    }
  }
}

// Installed only while a program runs: otherwise the default (we die at once) orphans nothing.
function listen(on: boolean): void {
  for (const signal of FORWARDED) {
    if (on) process.on(signal, forward);
    else process.off(signal, forward);
  }
}

let spawning = 0;
const idle = () => running.size === 0 && spawning === 0;

/**
 * Call before spawning a program, and the function it returns once the child is tracked (or the
 * spawn failed): the listeners must be there before the fork, or a signal that comes between
 * the fork and track() kills us by default and orphans the program (seen on a loaded machine).
 */
export function willSpawn(): () => void {
  if (idle()) listen(true);
  spawning++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    spawning--;
    if (idle()) listen(false);
  };
}

/** Count CHILD as running until it exits; it gets the signals that stop us (one that came already too). */
export function track(child: ChildProcess, group: boolean): void {
  const entry = { child, group };
  if (idle()) listen(true);
  running.add(entry);
  const done = () => {
    if (!running.delete(entry)) return;
    if (idle()) listen(false);
  };
  child.once('exit', done);
  child.once('error', done);
  if (stoppedBy && child.pid !== undefined) {
    try {
      process.kill(group ? -child.pid : child.pid, stoppedBy);
    } catch {
      /* it ended meanwhile */
    }
  }
}
