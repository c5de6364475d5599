// A private daemontools world per test: temporary serviceDir and svcBase under one root, the
// bin run against them, and a teardown by PID that leaves no svscan or supervise behind.
import { spawnSync } from 'node:child_process';
import { readlinkSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runBin, type BinResult } from './run-bin.js';
import { processesUnder, temporaryDirectory } from './sandbox.js';
import { snapshotTree } from './tree-snapshot.js';

export { processesUnder };

export interface World {
  root: string;
  serviceDir: string;
  svcBase: string;
  /** iim-daemontools with this world's serviceDir and svcBase, then `args`. */
  run: (...args: string[]) => Promise<BinResult>;
  /** The same with more environment variables. */
  runWithEnv: (env: Record<string, string>, ...args: string[]) => Promise<BinResult>;
  /** The same under this umask (e.g. 077). */
  runWithUmask: (umask: string, ...args: string[]) => Promise<BinResult>;
  teardown: () => void;
}

export function makeWorld(label: string): World {
  const root = temporaryDirectory(`daemontools-${label}`);
  const serviceDir = join(root, 'service');
  const svcBase = join(root, 'base');
  const runWithEnv = (env: Record<string, string>, ...args: string[]) =>
    runBin('iim-daemontools', ['-p', `serviceDir=${serviceDir}`, '-p', `svcBase=${svcBase}`, ...args], { env });
  const run = (...args: string[]) => runWithEnv({}, ...args);
  const runWithUmask = (umask: string, ...args: string[]) =>
    runBin('iim-daemontools', ['-p', `serviceDir=${serviceDir}`, '-p', `svcBase=${svcBase}`, ...args], { umask });
  return { root, serviceDir, svcBase, run, runWithEnv, runWithUmask, teardown: () => teardown(root) };
}

const pause = (ms: number) => spawnSync('sleep', [String(ms / 1000)]);

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** svscan first (it would restart supervise), then svc -dx every supervised directory, then KILL what is left. */
export function teardown(root: string): void {
  for (const pid of processesUnder(root, 'svscan')) kill(pid, 'SIGTERM');
  for (let i = 0; i < 50; i++) {
    const supervised = processesUnder(root, 'supervise').flatMap((pid) => {
      try {
        return [readlinkSync(`/proc/${pid}/cwd`).replace(/ \(deleted\)$/, '')];
      } catch {
        return []; // exited meanwhile
      }
    });
    if (supervised.length === 0) break;
    const present = supervised.filter((dir) => exists(dir));
    if (present.length) spawnSync('svc', ['-dx', ...present]);
    if (i === 30) for (const pid of processesUnder(root, 'supervise')) kill(pid, 'SIGKILL');
    pause(100);
  }
  for (const comm of ['sleep', 'multilog', 'sh']) for (const pid of processesUnder(root, comm)) kill(pid, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Every path under `dir` with its type, mode and content: to show that a refused command wrote nothing. */
export const snapshot = (dir: string) => snapshotTree(dir);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll until `probe` holds, at most `timeoutMs`. */
export async function eventually(probe: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (probe()) return true;
    await sleep(100);
  }
  return probe();
}
