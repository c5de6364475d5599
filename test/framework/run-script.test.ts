import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sample from '../fixtures/sample-script.js';
import { runCaptured } from '../support/capture.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iim-framework-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (...argv: string[]) => runCaptured(sample, ['-p', `dir=${dir}`, '-p', 'owner=me', ...argv]);

describe('running a command', () => {
  it('prints the examples when run with no arguments, the same as -i examples', async () => {
    const bare = await runCaptured(sample, []);
    const explicit = await runCaptured(sample, ['-i', 'examples']);
    expect(bare.status).toBe(0);
    expect(bare.stdout).toBe(explicit.stdout);
    expect(bare.stdout.split('\n').slice(0, 4)).toEqual([
      '###############################  iim-sample  #################################',
      '#################  Notes  #################',
      '=================  Write  =================',
      'iim-sample -h -v -n showRun -i noteWrite hello world  # write a note',
    ]);
    expect(bare.stdout).toContain("iim-sample -h -v -n showRun -i noteWrite greeting 'hello there'\n");
    expect(bare.stdout).toContain('iim-sample -h -v -n showOnly -i notePurge  # what it would remove\n');
  });

  it('carries -p parameters into the example lines so they run as printed', async () => {
    const { stdout } = await runCaptured(sample, ['-p', 'dir=/srv/notes dir']);
    expect(stdout).toContain("iim-sample -h -v -n showRun -p 'dir=/srv/notes dir' -i noteWrite hello world");
  });

  it('writes through the operation layer in runOnly, silently', async () => {
    const result = await run('-i', 'noteWrite', 'hello', 'big', 'world');
    expect(result).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, 'hello'), 'utf8')).toBe('big world\n');
  });

  it('shows and changes nothing under -n showOnly', async () => {
    const result = await run('-n', 'showOnly', '-i', 'noteWrite', 'hello', 'world');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(`printf '%s' 'world\n' > ${dir}/hello  # atomic: temporary file + rename\n`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('prints the plan as JSON lines under -n showOnly -p format=json', async () => {
    const result = await run('-n', 'showOnly', '-p', 'format=json', '-i', 'echo', 'a b', 'c');
    expect(result.stdout.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
      { action: 'run', program: 'echo', args: ['a b', 'c'], run: false },
    ]);
  });

  it('shows then runs under -n showRun', async () => {
    const result = await run('-n', 'showRun', '-i', 'echo', 'hello', "it's");
    expect(result.stderr).toBe(`echo hello 'it'\\''s'\n`);
    expect(result.stdout).toBe("hello it's\n");
  });

  it('runs ordinary actions but only shows protected ones under -n runSafe', async () => {
    const result = await run('-n', 'runSafe', '-i', 'guarded');
    expect(result.status).toBe(0);
    expect(existsSync(join(dir, 'plain'))).toBe(true);
    expect(existsSync(join(dir, 'guarded'))).toBe(false);
    expect(result.stderr).toContain(`${dir}/guarded`);
  });

  it('shows each action with where it came from under -v', async () => {
    const result = await run('-v', '-i', 'noteWrite', 'x', 'y');
    expect(result.stderr).toMatch(/^\*\* \[iim-sample noteWrite\] .*sample-script\.ts:\d+\n/);
    expect(result.stderr).toContain(`${dir}/x`);
  });

  it('reports a failing program with its exit status and stderr, exit 1', async () => {
    const result = await run('-i', 'fail');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("iim-sample: fail: FAILED: sh -c 'echo oops >&2; exit 7' [exit 7]: oops\n");
  });

  it('reports a problem naming script, command and cause, exit 1, nothing written', async () => {
    const result = await run('-i', 'noteWrite', '../escape', 'x');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('iim-sample: noteWrite: bad note name "../escape": a single path component expected\n');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a destructive command without -f, and runs it with -f', async () => {
    const refused = await run('-i', 'notePurge');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('iim-sample: notePurge: destructive: if you really want to do it, specify -f');
    expect(existsSync(dir)).toBe(true);
    const forced = await run('-f', '-i', 'notePurge');
    expect(forced.status).toBe(0);
    expect(existsSync(dir)).toBe(false);
  });

  it('names a missing program and its Debian package before acting', async () => {
    const result = await run('-i', 'imaginary');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('iim-sample: imaginary: missing program: no-such-program-iim; install with: apt-get install iim-imaginary-package\n');
  });

  it('still shows a plan without the needed programs under showOnly', async () => {
    expect((await run('-n', 'showOnly', '-i', 'echo', 'x')).status).toBe(0);
  });

  it.each([
    [['-i', 'noteWrit'], /unknown command "noteWrit"\ndid you mean: noteWrite\?/],
    [['-i', 'noteWrite', 'only-name'], /noteWrite takes at least 2 arguments, got 1\nusage: iim-sample -i noteWrite NAME TEXT\.\.\./],
    [['-i', 'notePurge', 'extra'], /notePurge takes 0 arguments, got 1/],
    [['-n', 'nope'], /bad run mode "nope"/],
    [['stray'], /No action taken/],
  ])('exits 2 with a usage message for %j', async (argv, message) => {
    const result = await run(...argv);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('see: iim-sample --help');
  });

  it('exits 2 when a mandatory parameter is missing, but examples still print', async () => {
    const missing = await runCaptured(sample, ['-p', `dir=${dir}`, '-i', 'noteWrite', 'a', 'b']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('parameter owner is mandatory');
    expect((await runCaptured(sample, [])).status).toBe(0);
  });

  it('records the session as an org log with -r DIR', async () => {
    const logs = join(dir, 'logs');
    const result = await run('-r', logs, '-i', 'echo', 'recorded');
    expect(result.status).toBe(0);
    const [file] = readdirSync(logs);
    expect(file).toMatch(/-iim-sample-\d{8}T\d{6}-\d+-[0-9a-f]{8}-log\.org$/);
    const log = readFileSync(join(logs, file), 'utf8');
    expect(log).toContain('#+TITLE: iim-sample session log');
    expect(log).toContain(`* iim-sample -p dir=${dir} -p owner=me -r ${logs} -i echo recorded`);
    expect(log).toContain('** run: =echo recorded=');
    expect(log).toContain('- exit status 0\n#+begin_example\nrecorded\n#+end_example');
    expect(log).toContain('* Exit status 0');
  });

  it('lists, describes and shows params derived from the declaration', async () => {
    const list = await run('-i', 'list');
    expect(list.stdout.split('\n')[0]).toBe('noteWrite  Write NAME with TEXT in the notes directory');
    const described = await run('-i', 'describe', 'notePurge');
    expect(described.stdout).toBe('usage: iim-sample -f -i notePurge (destructive: needs -f)\n\nRemove the notes directory.\n');
    const params = await run('-i', 'params', '-p', 'format=json');
    expect(JSON.parse(params.stdout)).toContainEqual({ name: 'owner', value: 'me', source: '-p' });
  });
});
