import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeStatus, formatSvstatLine, readServiceDirStatuses, readServiceStatus, type SuperviseStatus,
} from '../../../lib/daemontools/supervise-status.js';
import { formatTai64n } from '../../../lib/daemontools/tai64n.js';
import { missingPrograms, shouldSkip } from '../../support/real-programs.js';

function statusBytes(changedUnixSeconds: number, pid: number, paused: boolean, wanted: 'u' | 'd'): Buffer {
  const b = Buffer.alloc(18);
  Buffer.from(formatTai64n({ unixSeconds: changedUnixSeconds, nanoseconds: 5 }).slice(1), 'hex').copy(b);
  b.writeUInt32LE(pid, 12);
  b[16] = paused ? 1 : 0;
  b[17] = wanted.charCodeAt(0);
  return b;
}

describe('decodeStatus', () => {
  it('reads TAI64N, little-endian pid, paused flag and wanted state', () => {
    expect(decodeStatus(statusBytes(1_700_000_000, 0x01020304, true, 'd'))).toEqual({
      changedUnixSeconds: 1_700_000_000, pid: 0x01020304, paused: true, wanted: 'down',
    });
  });
});

describe('formatSvstatLine', () => {
  const base: SuperviseStatus = {
    name: 'x', supervised: true, state: 'up', pid: 123, seconds: 5, normallyUp: true, paused: false, wanted: 'up',
  };
  it.each<[Partial<SuperviseStatus>, string]>([
    [{}, 'up (pid 123) 5 seconds'],
    [{ normallyUp: false }, 'up (pid 123) 5 seconds, normally down'],
    [{ paused: true, wanted: 'down' }, 'up (pid 123) 5 seconds, paused, want down'],
    [{ state: 'down', pid: 0, seconds: 3, wanted: 'down' }, 'down 3 seconds, normally up'],
    [{ state: 'down', pid: 0, seconds: 3, wanted: 'up', normallyUp: false }, 'down 3 seconds, want up'],
    [{ state: 'down', pid: 0, paused: true, wanted: 'down', normallyUp: false }, 'down 5 seconds'],
    [{ supervised: false, pid: 0 }, 'supervise not running'],
    [{ supervised: false, problem: 'unable to open supervise/ok: file does not exist' }, 'unable to open supervise/ok: file does not exist'],
  ])('%j', (change, text) => {
    expect(formatSvstatLine({ ...base, ...change }, '/x/web')).toBe(`/x/web: ${text}`);
  });
});

const missing = missingPrograms(['svscan', 'supervise', 'svstat', 'svok', 'svc', 'mkfifo']);
const skip = shouldSkip(missing);

describe.skipIf(skip)('status files without a real supervise', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iim-svstat-fake-'));
  const readers: number[] = [];
  afterAll(() => {
    for (const fd of readers) closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads 300 services in one call, and a FIFO with a reader counts as supervised', () => {
    const now = Math.floor(Date.now() / 1000);
    const fifos: string[] = [];
    for (let i = 0; i < 300; i++) {
      const s = join(dir, `svc${String(i).padStart(3, '0')}`);
      mkdirSync(join(s, 'supervise'), { recursive: true });
      writeFileSync(join(s, 'supervise/status'), statusBytes(now - i, i % 2 ? 1000 + i : 0, i % 3 === 0, i % 4 ? 'u' : 'd'));
      fifos.push(join(s, 'supervise/ok'));
    }
    mkdirSync(join(dir, '.dotted'));
    execFileSync('mkfifo', fifos);
    for (const f of fifos.slice(0, 150)) readers.push(openSync(f, constants.O_RDONLY | constants.O_NONBLOCK));

    const all = readServiceDirStatuses(dir); // its speed is measured in bench/, not here
    expect(all).toHaveLength(300);
    expect(all[0].name).toBe('svc000');
    expect(all.slice(0, 150).every((s) => s.supervised)).toBe(true);
    expect(all.slice(150).every((s) => !s.supervised && s.problem === undefined)).toBe(true);
    expect(all[7]).toMatchObject({ supervised: true, state: 'up', pid: 1007, paused: false, wanted: 'up', normallyUp: true });
    expect(all[7].seconds === 7 || all[7].seconds === 8).toBe(true);
    expect(formatSvstatLine(all[6], 'svc006')).toMatch(/^svc006: down (6|7) seconds, normally up, want up$/);
  });

  it('says what svstat says when supervise/ok or the directory is missing', () => {
    mkdirSync(join(dir, 'bare'));
    writeFileSync(join(dir, 'afile'), '');
    expect(formatSvstatLine(readServiceStatus(join(dir, 'bare')), 'bare')).toBe('bare: unable to open supervise/ok: file does not exist');
    expect(formatSvstatLine(readServiceStatus(join(dir, 'nope')), 'nope')).toBe('nope: unable to chdir: file does not exist');
    expect(formatSvstatLine(readServiceStatus(join(dir, 'afile')), 'afile')).toBe('afile: unable to chdir: not a directory');
  });
});

// --- parity with the real svstat over a private svscan ---

const COUNT = 30;
const names = Array.from({ length: COUNT }, (_, i) => `s${String(i).padStart(2, '0')}`);
const sleeper = '#!/bin/sh\nexec sleep 1000\n';
const termIgnorer = '#!/bin/sh\ntrap "" TERM\nexec sleep 1000\n';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const svok = (dir: string) => spawnSync('svok', [dir]).status;

describe.skipIf(skip)('readServiceDirStatuses against the real svstat', () => {
  it('finds daemontools', () => expect(missing).toEqual([]));

  const root = mkdtempSync(join(tmpdir(), 'iim-svstat-'));
  const serviceDir = join(root, 'service');
  const paths: string[] = []; // every supervised dir: services and their logs
  let svscanPid = 0;

  beforeAll(async () => {
    for (const [i, name] of names.entries()) {
      const dir = join(serviceDir, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'run'), name === 's12' ? termIgnorer : sleeper, { mode: 0o755 });
      if (i >= 4 && i <= 8) writeFileSync(join(dir, 'down'), '');
      paths.push(dir);
      if (name === 's10' || name === 's11') {
        mkdirSync(join(dir, 'log'));
        writeFileSync(join(dir, 'log/run'), sleeper, { mode: 0o755 });
        paths.push(join(dir, 'log'));
      }
    }
    // Spawned by Node, so SIGINT/SIGQUIT are not inherited as ignored (DJB-LAB).
    const { spawn } = await import('node:child_process');
    const child = spawn('svscan', [serviceDir], { detached: true, stdio: 'ignore' });
    child.unref();
    svscanPid = child.pid ?? 0;
    for (let t = 0; t < 100 && !paths.every((p) => svok(p) === 0); t++) await sleep(100);
    expect(paths.every((p) => svok(p) === 0)).toBe(true);
    await sleep(1200); // supervise ignores control commands for about a second after a start
    execFileSync('svc', ['-d', ...names.slice(0, 4).map((n) => join(serviceDir, n))]);
    execFileSync('svc', ['-u', join(serviceDir, 's08')]);
    execFileSync('svc', ['-p', join(serviceDir, 's09')]);
    execFileSync('svc', ['-d', join(serviceDir, 's12')]);
    for (let t = 0; t < 50; t++) {
      const s = readServiceDirStatuses(serviceDir);
      if (s[0].pid === 0 && s[3].pid === 0 && s[8].pid > 0 && s[9].paused && s[12].wanted === 'down') break;
      await sleep(100);
    }
  });

  afterAll(async () => {
    try {
      if (svscanPid) process.kill(svscanPid, 'SIGTERM'); // first, so it cannot restart supervise
    } catch {
      // already gone
    }
    spawnSync('svc', ['-dx', ...paths]);
    spawnSync('svc', ['-k', join(serviceDir, 's12')]); // it ignores TERM
    for (let t = 0; t < 100 && paths.some((p) => svok(p) === 0); t++) await sleep(100);
    const left = paths.filter((p) => svok(p) === 0);
    rmSync(root, { recursive: true, force: true });
    expect(left).toEqual([]);
  });

  function compare(ours: string[], real: string[]) {
    expect(ours).toHaveLength(real.length);
    const seconds = / (\d+) seconds/;
    for (let i = 0; i < real.length; i++) {
      expect(ours[i].replace(seconds, ' N seconds')).toBe(real[i].replace(seconds, ' N seconds'));
      const a = ours[i].match(seconds)?.[1];
      const b = real[i].match(seconds)?.[1];
      if (a !== undefined || b !== undefined) expect(Math.abs(Number(a) - Number(b))).toBeLessThanOrEqual(1);
    }
  }

  function ourLines(): string[] {
    return readServiceDirStatuses(serviceDir).flatMap((s) => {
      const dir = join(serviceDir, s.name);
      return s.log ? [formatSvstatLine(s, dir), formatSvstatLine(s.log, join(dir, 'log'))] : [formatSvstatLine(s, dir)];
    });
  }

  it('prints the same lines as svstat for up, down, normally down/up, paused, want down and logs', () => {
    const real = execFileSync('svstat', paths).toString().trimEnd().split('\n');
    compare(ourLines(), real);
    expect(real.join('\n')).toMatch(/s00: down \d+ seconds, normally up/);
    expect(real.join('\n')).toMatch(/s05: down \d+ seconds\n/);
    expect(real.join('\n')).toMatch(/s08: up \(pid \d+\) \d+ seconds, normally down/);
    expect(real.join('\n')).toMatch(/s09: up \(pid \d+\) \d+ seconds, paused/);
    expect(real.join('\n')).toMatch(/s12: up \(pid \d+\) \d+ seconds, want down/);
    expect(real.join('\n')).toMatch(/s10\/log: up \(pid \d+\)/);
    const s = readServiceDirStatuses(serviceDir);
    expect(s.map((x) => x.name)).toEqual(names);
    expect(s.filter((x) => x.state === 'up')).toHaveLength(COUNT - 4 - 4);
  });

  it('agrees with svstat that supervise is not running after svc -x', async () => {
    const dir = join(serviceDir, 's29');
    process.kill(svscanPid, 'SIGTERM');
    svscanPid = 0;
    spawnSync('svc', ['-dx', dir]);
    for (let t = 0; t < 50 && svok(dir) === 0; t++) await sleep(100);
    const real = execFileSync('svstat', [dir]).toString().trimEnd();
    expect(real).toBe(`${dir}: supervise not running`);
    expect(formatSvstatLine(readServiceStatus(dir), dir)).toBe(real);
  });
});
