// A private world per test: its own temporary directories, its own loopback address,
// its own svscan; torn down by PID, even on failure.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function temporaryDirectory(label: string): string {
  return mkdtempSync(join(tmpdir(), `iim-test-${label}-`));
}

let counter = 0;
/**
 * A loopback /24 no other test process uses at the same time: 127.X.Y where X and Y
 * come from this process's pid and a counter (X in 100..199, kept apart from the lab's 127.53).
 */
export function loopbackNet(): string {
  counter++;
  const x = 100 + (process.pid % 100);
  const y = (Math.floor(process.pid / 100) * 7 + counter * 13) % 250 + 1;
  return `127.${x}.${y}`;
}

export interface Svscan {
  serviceDir: string;
  pid: number;
  stop: () => void;
}

const sleepMs = (ms: number) => spawnSync('sleep', [String(ms / 1000)]);

/** Start a private svscan on `serviceDir` (detached, so SIGINT is not ignored under it). */
export function startSvscan(serviceDir: string): Svscan {
  mkdirSync(serviceDir, { recursive: true });
  const child = spawn('svscan', [serviceDir], { detached: true, stdio: 'ignore' });
  child.unref();
  const pid = child.pid!;
  return { serviceDir, pid, stop: () => stopServices(serviceDir, pid) };
}

/** Stop every service under `serviceDir` and their loggers, then svscan itself: DJB-LAB's safe order. */
export function stopServices(serviceDir: string, svscanPid?: number): void {
  if (!existsSync(serviceDir)) return;
  const services = readdirSync(serviceDir).filter((name) => !name.startsWith('.')).map((name) => join(serviceDir, name));
  const all = services.flatMap((service) => (existsSync(join(service, 'log')) ? [service, join(service, 'log')] : [service]));
  if (svscanPid) {
    try {
      process.kill(svscanPid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  if (all.length) spawnSync('svc', ['-dx', ...all]);
  for (let i = 0; i < 100; i++) {
    const running = all.filter((dir) => spawnSync('svok', [dir]).status === 0);
    if (running.length === 0) break;
    spawnSync('svc', ['-dx', ...running]);
    sleepMs(100);
  }
}

export function removeDirectory(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

/** Processes (optionally only those named `comm`) whose working directory lies under `root`. */
export function processesUnder(root: string, comm?: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      if (comm && readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== comm) continue;
      const cwd = readlinkSync(`/proc/${entry}/cwd`).replace(/ \(deleted\)$/, '');
      if (cwd === root || cwd.startsWith(root + '/')) found.push(Number(entry));
    } catch {
      // gone, a zombie, or not ours to read
    }
  }
  return found;
}

/** Stop a world's svscan and services, wait for its processes to end, remove it; fail if any is left. */
export function tearDownWorld(top: string, svscan?: Svscan): void {
  svscan?.stop();
  let left = processesUnder(top);
  for (let i = 0; i < 30 && left.length; i++) {
    sleepMs(100);
    left = processesUnder(top);
  }
  removeDirectory(top);
  if (left.length) throw new Error(`processes left under ${top}: ${left.join(' ')}`);
}
