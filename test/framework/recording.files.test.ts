// -r logs are new files with unpredictable names in a real directory of ours: a planted
// symlink is refused and its target stays untouched; bad directories fail fast (issue 12, item 9).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { binPath, runBin } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';

const isRoot = process.getuid?.() === 0;
let top: string;
beforeEach(() => {
  top = temporaryDirectory('recording');
  chmodSync(top, 0o755);
});
afterEach(() => removeDirectory(top));

/** A victim directory anyone may write into, which must stay empty. */
function victim(): string {
  const path = join(top, 'victim');
  mkdirSync(path);
  chmodSync(path, 0o777);
  return path;
}

/** iim-daemontools -r WHERE -i list as nobody, with TMPDIR. */
function asNobody(tmp: string, where: string) {
  return spawnSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups',
    process.execPath, binPath('iim-daemontools'), '-r', where, '-i', 'list'], {
    encoding: 'utf8', cwd: '/', timeout: 30_000, env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp },
  });
}

/** A shared temporary directory like /tmp (world-writable, sticky). */
function sharedTmp(): string {
  const path = join(top, 'tmp');
  mkdirSync(path);
  chmodSync(path, 0o1777);
  return path;
}

describe('-r DIR', () => {
  it('refuses a log directory that is a symbolic link, leaving its target untouched', async () => {
    const target = victim();
    const link = join(top, 'logs');
    symlinkSync(target, link);
    const result = await runBin('iim-daemontools', ['-r', link, '-i', 'list']);
    expect(result.stderr).toContain(`log directory ${link} is a symbolic link`);
    expect(result.status).toBe(1);
    expect(readdirSync(target)).toEqual([]);
  });

  it('creates each log new, mode 0640, under a name no one can guess', async () => {
    const logs = join(top, 'logs');
    await runBin('iim-daemontools', ['-r', logs, '-i', 'list']);
    await runBin('iim-daemontools', ['-r', logs, '-i', 'list']);
    const files = readdirSync(logs);
    expect(files).toHaveLength(2);
    for (const file of files) {
      expect(file).toMatch(/^[^-]+-iim-daemontools-\d{8}T\d{6}-\d+-[0-9a-f]{8}-log\.org$/);
      expect(statSync(join(logs, file)).mode & 0o777).toBe(0o640);
    }
  });

  it('refuses a directory under a missing parent without creating anything', async () => {
    const missing = join(top, 'no', 'such', 'logs');
    const result = await runBin('iim-daemontools', ['-r', missing, '-i', 'list']);
    expect(result.stderr).toContain(`log directory ${missing}: its parent ${join(top, 'no', 'such')} is not a directory`);
    expect(result.status).toBe(1);
    expect(existsSync(join(top, 'no'))).toBe(false);
  });

  it('-r /proc/nope fails at once with the reason instead of hanging', async () => {
    const result = await runBin('iim-daemontools', ['-r', '/proc/nope', '-i', 'list'], { timeoutMs: 10_000 });
    expect(result.stderr).toMatch(/^iim-daemontools: list: cannot create log directory \/proc\/nope: ENOENT/);
    expect(result.stderr).not.toMatch(/^ {4}at /m);
    expect(result.status).toBe(1);
  });
});

describe.skipIf(!isRoot)('-r basic as a user without /var/log/iim', () => {
  it("refuses $TMPDIR/iim-log when it is someone else's symlink, leaving its target untouched", () => {
    const tmp = sharedTmp();
    const target = victim();
    symlinkSync(target, join(tmp, 'iim-log'));
    const result = asNobody(tmp, 'basic');
    expect(result.stderr).toContain(`log directory ${join(tmp, 'iim-log')} is a symbolic link`);
    expect(result.status).toBe(1);
    expect(readdirSync(target)).toEqual([]);
  });

  it("refuses $TMPDIR/iim-log when it is someone else's directory", () => {
    const tmp = sharedTmp();
    const planted = join(tmp, 'iim-log');
    mkdirSync(planted);
    chmodSync(planted, 0o777);
    const result = asNobody(tmp, 'basic');
    expect(result.stderr).toContain(`log directory ${planted} belongs to uid 0, not to us`);
    expect(result.status).toBe(1);
    expect(readdirSync(planted)).toEqual([]);
  });

  it('makes its own $TMPDIR/iim-log (0700) and a log only it can read (0600)', () => {
    const tmp = sharedTmp();
    const result = asNobody(tmp, 'basic');
    expect(result.status, result.stderr).toBe(0);
    const logs = join(tmp, 'iim-log');
    expect(statSync(logs).mode & 0o777).toBe(0o700);
    expect(statSync(logs).uid).toBe(65534);
    const [file] = readdirSync(logs);
    expect(file).toMatch(/^nobody-iim-daemontools-.*-log\.org$/);
    expect(statSync(join(logs, file)).mode & 0o777).toBe(0o600);
  });
});
