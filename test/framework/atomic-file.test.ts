import { spawnSync } from 'node:child_process';
import { chownSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../framework/atomic-file.js';
import { Operations } from '../../framework/operations.js';

const NOBODY = 65534;
const modeOf = (path: string) => statSync(path).mode & 0o7777;
const quietOperations = () => new Operations('runOnly', { before() {}, after() {} }, false);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iim-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('atomic writes', () => {
  it('replaces a file whole and leaves no temporary file behind', () => {
    const file = join(dir, 'data');
    writeFileSync(file, 'old\n');
    writeFileAtomic(file, 'new\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['data']);
  });

  it('gives a new file its declared mode under umask 077 and 000', () => {
    const before = process.umask();
    try {
      for (const [umask, mode] of [[0o077, 0o644], [0o000, 0o640], [0o077, 0o755]]) {
        process.umask(umask);
        const file = join(dir, `file-${umask.toString(8)}-${mode.toString(8)}`);
        writeFileAtomic(file, 'x\n', mode);
        expect(modeOf(file), `umask ${umask.toString(8)}`).toBe(mode);
      }
      process.umask(0o000);
      writeFileAtomic(join(dir, 'default'), 'x\n');
      expect(modeOf(join(dir, 'default'))).toBe(0o644);
    } finally {
      process.umask(before);
    }
  });

  it('an existing 0600 file owned by nobody keeps its mode and owner; keepExisting: false makes the declared mode win', () => {
    const file = join(dir, 'secret');
    writeFileSync(file, 'old\n', { mode: 0o600 });
    chownSync(file, NOBODY, NOBODY);
    writeFileAtomic(file, 'new\n', 0o644);
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(modeOf(file)).toBe(0o600);
    expect([statSync(file).uid, statSync(file).gid]).toEqual([NOBODY, NOBODY]);
    writeFileAtomic(file, 'run\n', { mode: 0o755, keepExisting: false });
    expect(modeOf(file)).toBe(0o755);
    expect(statSync(file).uid).toBe(NOBODY);
  });

  it('refuses to write through a symlink, saying where it points, and leaves both untouched', () => {
    const target = join(dir, 'elsewhere');
    const link = join(dir, 'data');
    writeFileSync(target, 'theirs\n');
    symlinkSync(target, link);
    expect(() => writeFileAtomic(link, 'ours\n')).toThrow(`refusing to write ${link}: it is a symlink to ${target}`);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe('theirs\n');
    expect(readdirSync(dir).sort()).toEqual(['data', 'elsewhere']);
  });

  it('writes a file whose name is 255 bytes long', () => {
    for (const name of ['n'.repeat(255), 'é'.repeat(127)]) {
      const file = join(dir, name);
      writeFileAtomic(file, 'long\n');
      writeFileAtomic(file, 'longer\n');
      expect(readFileSync(file, 'utf8')).toBe('longer\n');
    }
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('the next write removes the temporary files of writers that are gone, and only those of that file', () => {
    const file = join(dir, 'data');
    writeFileSync(file, 'old\n');
    const gone = spawnSync('true').pid!; // a pid that ran and ended
    const stale = join(dir, `.data.iim-tmp-${gone}-AbCd1234`);
    const running = join(dir, '.data.iim-tmp-1-EfGh5678'); // pid 1 runs: a write in progress
    const other = join(dir, `.env.iim-tmp-${gone}-AbCd1234`);
    for (const path of [stale, running, other]) writeFileSync(path, 'half a wri');
    writeFileAtomic(file, 'new\n');
    expect(readdirSync(dir).sort()).toEqual([`.env.iim-tmp-${gone}-AbCd1234`, '.data.iim-tmp-1-EfGh5678', 'data'].sort());
    expect(readFileSync(file, 'utf8')).toBe('new\n');
  });
});

describe('directories and files through the operation layer', () => {
  it('op.mkdir refuses a directory path that is a symlink, saying where it points', async () => {
    const real = join(dir, 'real');
    const link = join(dir, 'service');
    await quietOperations().mkdir(real);
    symlinkSync(real, link);
    await expect(quietOperations().mkdir(link)).rejects.toThrow(`refusing directory ${link}: it is a symlink to ${real}`);
  });

  it('op.writeFile keeps an existing file\'s mode and refuses a NUL byte in its path', async () => {
    const file = join(dir, 'env-X');
    writeFileSync(file, 'a\n', { mode: 0o600 });
    await quietOperations().writeFile(file, 'b\n', 0o644);
    expect(modeOf(file)).toBe(0o600);
    await expect(quietOperations().writeFile(`${file}\0rm`, 'c\n')).rejects.toThrow('refusing a path with a NUL byte');
    expect(readdirSync(dir)).toEqual(['env-X']);
  });
});
