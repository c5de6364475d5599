// A private resolver stack per test: a tinydns (set up by iim-tinydns) on NET.1 and a dnscache
// (set up by iim-dnscache) on NET.2 of its own loopback net, optionally under a private svscan;
// torn down by PID, with a check that no process is left under its directory.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBin, type BinResult } from './run-bin.js';
import { snapshotTree } from './tree-snapshot.js';
import { loopbackNet, removeDirectory, startSvscan, tearDownWorld, temporaryDirectory, type Svscan } from './sandbox.js';

export interface DnscacheWorld {
  top: string;
  serviceDir: string;
  net: string;
  /** The tinydns address (NET.1) and the cache's (NET.2). */
  tinydnsIp: string;
  cacheIp: string;
  tinydnsDir: string;
  dir: string;
  /** iim-dnscache with -p dir= and -p serviceDir= of this world. */
  bin: (...args: string[]) => Promise<BinResult>;
  tinydns: (...args: string[]) => Promise<BinResult>;
  svscan?: Svscan;
}

async function mustSucceed(result: Promise<BinResult>, what: string): Promise<BinResult> {
  const done = await result;
  if (done.status !== 0) throw new Error(`${what} failed (exit ${done.status}): ${done.stderr}`);
  return done;
}

/** A world with a set-up dnscache (not running); with `tinydns`, also a tinydns serving test.zone. */
export async function makeWorld(label: string, { tinydns = false } = {}): Promise<DnscacheWorld> {
  const top = temporaryDirectory(label);
  const net = loopbackNet();
  const serviceDir = join(top, 'service');
  const dir = join(top, 'dnscache');
  const tinydnsDir = join(top, 'tinydns');
  const world: DnscacheWorld = {
    top, serviceDir, net, dir, tinydnsDir,
    tinydnsIp: `${net}.1`,
    cacheIp: `${net}.2`,
    bin: (...args) => runBin('iim-dnscache', ['-p', `dir=${dir}`, '-p', `serviceDir=${serviceDir}`, ...args]),
    tinydns: (...args) => runBin('iim-tinydns', ['-p', `dir=${tinydnsDir}`, '-p', `serviceDir=${serviceDir}`, ...args]),
  };
  try {
    if (tinydns) {
      await mustSucceed(world.tinydns('-i', 'setup', world.tinydnsIp), 'iim-tinydns setup');
      await mustSucceed(world.tinydns('-i', 'recordAdd', 'ns', 'test.zone', world.tinydnsIp), 'recordAdd ns');
      await mustSucceed(world.tinydns('-i', 'recordAdd', 'host', 'www.test.zone', '10.9.8.7'), 'recordAdd host');
      // Closed lab (DJB-LAB): tinydns also plays the root, so unknown names fail at once.
      appendFileSync(join(tinydnsDir, 'root', 'data'), `.:${world.tinydnsIp}:a:259200\n`);
      await mustSucceed(world.tinydns('-i', 'dataCompile'), 'iim-tinydns dataCompile');
    }
    await mustSucceed(world.bin('-i', 'setup', world.cacheIp), 'iim-dnscache setup');
  } catch (error) {
    removeDirectory(top);
    throw error;
  }
  return world;
}

/** Start svscan and wait until tinydns (when set up) and dnscache listen on UDP port 53. */
export function serve(world: DnscacheWorld): void {
  world.svscan = startSvscan(world.serviceDir);
  const addresses = [...(existsSync(world.tinydnsDir) ? [world.tinydnsIp] : []), world.cacheIp];
  const deadline = Date.now() + 15_000;
  while (!addresses.every(listensOnUdp53)) {
    if (Date.now() > deadline) throw new Error(`nothing listens on ${addresses.join(' and ')} port 53 after 15 s`);
    spawnSync('sleep', ['0.05']);
  }
}

/** Is a UDP socket bound to IP:53? /proc/net/udp lists local addresses as little-endian hex. */
export function listensOnUdp53(ip: string): boolean {
  const hex = ip.split('.').reverse().map((octet) => Number(octet).toString(16).padStart(2, '0')).join('').toUpperCase();
  return readFileSync('/proc/net/udp', 'latin1').includes(` ${hex}:0035 `);
}

export function tearDown(world: DnscacheWorld | undefined): void {
  if (world) tearDownWorld(world.top, world.svscan);
}

/** `DNSCACHEIP=IP dnsip NAME`, retried until the cache answers (it starts within a second under svscan). */
export function dnsip(name: string, cacheIp: string, timeoutMs = 20_000): { status: number | null; stdout: string; stderr: string } {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = spawnSync('dnsip', [name], { encoding: 'latin1', timeout: 3000, env: { ...process.env, DNSCACHEIP: cacheIp } });
    if ((result.status === 0 && result.stdout.trim() !== '') || Date.now() > deadline) return result;
    spawnSync('sleep', ['0.2']);
  }
}

export { snapshotTree };
