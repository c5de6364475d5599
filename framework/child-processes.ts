// The programs we are running right now, so that a signal that stops us (TERM, INT, HUP) stops
// them too: it is forwarded to each, we wait for them, and the runner exits with 128+n.
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

function forward(signal: NodeJS.Signals): void {
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

/** Count CHILD as running until it exits; it gets the signals that stop us. */
export function track(child: ChildProcess, group: boolean): void {
  const entry = { child, group };
  if (running.size === 0) listen(true);
  running.add(entry);
  const done = () => {
    if (!running.delete(entry)) return;
    if (running.size === 0) listen(false);
  };
  child.once('exit', done);
  child.once('error', done);
}
