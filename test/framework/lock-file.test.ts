import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withLockFile } from '../../framework/lock-file.js';
import { exitOf, isAlive, Processes, waitUntil } from '../support/processes.js';
import { projectRoot } from '../support/run-bin.js';

const built = (name: string) => JSON.stringify(join(projectRoot, 'dist', 'framework', name));

let dir: string;
const processes = new Processes();
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iim-lock-'));
});
afterEach(() => {
  processes.killAll();
  rmSync(dir, { recursive: true, force: true });
});

/** A read-modify-write appender: ID appends COUNT lines to FILE, one lock each. */
const appender = `
  import { readFileSync } from 'node:fs';
  const { withLockFile, writeFileAtomic } = await import(${built('atomic-file.js')});
  const [file, id, count] = process.argv.slice(1);
  for (let i = 0; i < Number(count); i++) {
    await withLockFile(file + '.lock', async () => {
      const before = readFileSync(file, 'utf8');
      await new Promise((resolve) => setImmediate(resolve));
      writeFileAtomic(file, before + id + '-' + i + '\\n');
    });
  }`;

/** WRITERS processes append COUNT, COUNT+1, … lines each (so they end one by one while others wait); all the lines. */
async function appendConcurrently(file: string, writers: number, count: number): Promise<string[]> {
  const runs = Array.from({ length: writers }, (_, id) =>
    exitOf(processes.start(process.execPath, ['--input-type=module', '-e', appender, file, String(id), String(count + id)], { stdio: 'inherit' })),
  );
  expect(await Promise.all(runs)).toEqual(Array(writers).fill({ status: 0, signal: null }));
  return readFileSync(file, 'utf8').trim().split('\n');
}

/** flock(1)'s view of LOCK: 0 free, 1 held by someone. */
const flockTry = (lock: string) => spawnSync('flock', ['-n', '-x', lock, 'true']).status;

describe('a lock the kernel releases when its holder dies', () => {
  it.each([
    ['a dead pid', '999999999\n'],
    ['nothing (a holder killed between create and write)', ''],
    ['a live foreign pid (1)', '1\n'],
  ])('a lock file holding %s does not stop 8 writers, and none loses a line', async (_, content) => {
    const file = join(dir, 'lines');
    writeFileSync(file, '');
    writeFileSync(`${file}.lock`, content);
    const lines = await appendConcurrently(file, 8, 2);
    expect(lines).toHaveLength(8 * 2 + 28);
    expect(new Set(lines).size).toBe(8 * 2 + 28);
  });

  it('12 processes × 10 to 21 read-modify-write appends lose no line on a busy machine', async () => {
    const busy = 'const end = Date.now() + 60000; while (Date.now() < end);';
    for (let i = 0; i < 2; i++) processes.start(process.execPath, ['-e', busy]);
    const file = join(dir, 'lines');
    writeFileSync(file, '');
    const lines = await appendConcurrently(file, 12, 10);
    expect(lines).toHaveLength(12 * 10 + 66);
    expect(new Set(lines).size).toBe(12 * 10 + 66);
  }, 120_000);

  it('a holder killed with -9 frees the lock at once, and flock(1) (or setlock) saw it held', async () => {
    const lock = join(dir, 'data.lock');
    const holder = `
      const { withLockFile } = await import(${built('lock-file.js')});
      await withLockFile(process.argv[1], async () => {
        process.stdout.write('locked\\n');
        await new Promise(() => setInterval(() => {}, 1000));
      });`;
    const child = processes.start(process.execPath, ['--input-type=module', '-e', holder, lock], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => child.stdout!.once('data', resolve));
    expect(flockTry(lock)).toBe(1);
    child.kill('SIGKILL');
    await exitOf(child);
    const start = Date.now();
    expect(await withLockFile(lock, async () => 'taken', 2000)).toBe('taken');
    expect(Date.now() - start).toBeLessThan(1000);
    expect(existsSync(lock)).toBe(true);
  });

  it('a program run under the lock keeps it after our process is killed with -9, until it ends', async () => {
    const lock = join(dir, 'data.lock');
    const pidFile = join(dir, 'child.pid');
    const editor = `
      const { Operations } = await import(${built('operations.js')});
      const op = new Operations('runOnly', { before() {}, after() {} }, false);
      const [lock, pidFile] = process.argv.slice(1);
      await op.withLock(lock, () => op.run('sh', ['-c', 'echo $$ > "$1.tmp" && mv "$1.tmp" "$1" && exec sleep 30', 'sh', pidFile]));`;
    const child = processes.start(process.execPath, ['--input-type=module', '-e', editor, lock, pidFile], { stdio: 'inherit' });
    await waitUntil('the program under the lock started', () => existsSync(pidFile));
    const programPid = Number(readFileSync(pidFile, 'utf8'));
    processes.remember(programPid);
    child.kill('SIGKILL');
    await exitOf(child);
    expect(isAlive(programPid)).toBe(true);
    await expect(withLockFile(lock, async () => 'interleaved', 300)).rejects.toThrow(`lock ${lock} held by another edit for over 0.3 s`);
    process.kill(programPid, 'SIGKILL');
    await waitUntil('the program ended', () => !isAlive(programPid));
    expect(await withLockFile(lock, async () => 'taken', 2000)).toBe('taken');
  });

  it('refuses a lock path that is a symlink, saying where it points', async () => {
    const lock = join(dir, 'data.lock');
    spawnSync('ln', ['-s', '/etc/passwd', lock]);
    await expect(withLockFile(lock, async () => 'taken', 500)).rejects.toThrow(`refusing lock ${lock}: it is a symlink to /etc/passwd`);
  });

  it('waits for a holder that lets go within the time-out', async () => {
    const lock = join(dir, 'data.lock');
    const setlock = spawn('flock', ['-x', lock, 'sleep', '0.3'], { stdio: 'ignore' });
    processes.remember(setlock.pid!);
    await waitUntil('flock(1) holds the lock', () => flockTry(lock) === 1);
    expect(await withLockFile(lock, async () => 'taken', 5000)).toBe('taken');
  });
});
