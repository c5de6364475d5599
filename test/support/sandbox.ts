// A private world per test: its own temporary directories, its own loopback address,
// its own svscan; torn down by PID, even on failure.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, mkdirSync } from 'node:fs';
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
