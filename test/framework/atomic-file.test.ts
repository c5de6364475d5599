import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withLockFile, writeFileAtomic } from '../../framework/atomic-file.js';
import { projectRoot } from '../support/run-bin.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iim-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('atomic writes and locks', () => {
  it('replaces a file whole and leaves no temporary file behind', () => {
    const file = join(dir, 'data');
    writeFileSync(file, 'old\n');
    writeFileAtomic(file, 'new\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['data']);
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const lock = join(dir, 'data.lock');
    writeFileSync(lock, '999999999\n');
    expect(await withLockFile(lock, async () => 'done', 2000)).toBe('done');
  });

  it('lets concurrent processes append under the lock without losing a line', async () => {
    const file = join(dir, 'lines');
    writeFileSync(file, '');
    const module = join(projectRoot, 'dist', 'framework', 'atomic-file.js');
    const worker = `
      import { readFileSync } from 'node:fs';
      const { withLockFile, writeFileAtomic } = await import(${JSON.stringify(module)});
      const [file, id] = process.argv.slice(1);
      for (let i = 0; i < 10; i++) {
        await withLockFile(file + '.lock', async () => {
          writeFileAtomic(file, readFileSync(file, 'utf8') + id + '-' + i + '\\n');
        });
      }`;
    const runs = Array.from({ length: 8 }, (_, id) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', worker, file, String(id)], { stdio: 'inherit' });
        child.on('close', resolve);
      }),
    );
    expect(await Promise.all(runs)).toEqual(Array(8).fill(0));
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(80);
    expect(new Set(lines).size).toBe(80);
  });
});
