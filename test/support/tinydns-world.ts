// A private tinydns per test: temp dirs, its own loopback address, set up by our bin,
// optionally served under a private svscan; torn down by PID, with a check that nothing is left.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runBin, type BinResult } from './run-bin.js';
import { loopbackNet, startSvscan, tearDownWorld, temporaryDirectory, type Svscan } from './sandbox.js';

export interface TinydnsWorld {
  top: string;
  dir: string;
  serviceDir: string;
  ip: string;
  data: string;
  /** Run iim-tinydns with -p dir= and -p serviceDir= of this world. */
  bin: (...args: string[]) => Promise<BinResult>;
  readData: () => string;
  svscan?: Svscan;
}

export async function makeWorld(label: string, { setup = true } = {}): Promise<TinydnsWorld> {
  const top = temporaryDirectory(label);
  const dir = join(top, 'tinydns');
  const serviceDir = join(top, 'service');
  const world: TinydnsWorld = {
    top,
    dir,
    serviceDir,
    ip: `${loopbackNet()}.1`,
    data: join(dir, 'root', 'data'),
    bin: (...args) => runBin('iim-tinydns', ['-p', `dir=${dir}`, '-p', `serviceDir=${serviceDir}`, ...args]),
    readData: () => readFileSync(world.data, 'utf8'),
  };
  if (setup) {
    const result = await world.bin('-i', 'setup', world.ip);
    if (result.status !== 0) throw new Error(`setup failed: ${result.stderr}`);
  }
  return world;
}

/** Start svscan over the world's service dir (links made by setup start at once). */
/**
 * Worlds made by one describe block, torn down after each test: `world(label)` makes one,
 * `ok(w, ...args)` runs the bin there and expects exit 0, `tearDownAll()` goes in afterEach.
 */
export function worldsOfTest() {
  const worlds: TinydnsWorld[] = [];
  return {
    world: async (label: string) => {
      const made = await makeWorld(label);
      worlds.push(made);
      return made;
    },
    ok: async (w: TinydnsWorld, ...args: string[]) => {
      const result = await w.bin(...args);
      expect(result.status, result.stderr).toBe(0);
      return result;
    },
    tearDownAll: () => {
      for (const world of worlds.splice(0)) tearDown(world);
    },
  };
}

export function serve(world: TinydnsWorld): void {
  world.svscan = startSvscan(world.serviceDir);
}

export function tearDown(world: TinydnsWorld | undefined): void {
  if (world) tearDownWorld(world.top, world.svscan);
}

/** dnsq TYPE NAME IP, retried until tinydns answers (it starts within a second under svscan). */
export function dnsq(type: string, name: string, ip: string, timeoutMs = 15_000): string {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = spawnSync('dnsq', [type, name, ip], { encoding: 'latin1', timeout: 5000 });
    if (result.status === 0 || Date.now() > deadline) return result.stdout + result.stderr;
    spawnSync('sleep', ['0.2']);
  }
}

export const answers = (output: string) => output.split('\n').filter((line) => line.startsWith('answer: ')).map((line) => line.slice(8));
