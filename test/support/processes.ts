// Processes a test starts (workers, busy loops) and the ones they start, so each test can check
// what is left and kill exactly what it started, by pid, even when it fails.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Is PID a live process (a zombie waiting for its parent counts as gone)? */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Every process below PID (children of all its threads, and theirs). */
export function descendants(pid: number): number[] {
  let tasks: string[] = [];
  try {
    tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    return [];
  }
  return tasks.map(Number).flatMap((child) => [child, ...descendants(child)]);
}

export async function waitUntil(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

/** Starts processes and remembers their pids (and those given to `remember`) for `killAll`. */
export class Processes {
  private readonly pids = new Set<number>();

  start(program: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn(program, [...args], { stdio: 'ignore', ...options });
    if (child.pid !== undefined) this.pids.add(child.pid);
    return child;
  }

  remember(...pids: number[]): void {
    for (const pid of pids) this.pids.add(pid);
  }

  killAll(): void {
    for (const pid of this.pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    this.pids.clear();
  }
}

/** How CHILD ended (at once if it already has). */
export function exitOf(child: ChildProcess): Promise<{ status: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ status: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (status, signal) => resolve({ status, signal })));
}
