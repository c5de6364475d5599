// A script from iim -i scriptStart, not on PATH (issue 13, item 20): its printed examples name
// it by its path (./doe-iim.mjs) and each runs as printed, keeping its data beside the script.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../../support/sandbox.js';

let top: string;
beforeAll(async () => {
  top = temporaryDirectory('start-runnable');
  const started = await runBin('iim', ['-i', 'scriptStart', 'doe-iim.mjs'], { cwd: top });
  if (started.status !== 0) throw new Error(started.stderr);
});
afterAll(() => removeDirectory(top));

const env = { ...process.env, PATH: '/usr/local/bin:/usr/bin:/bin', NO_COLOR: '1', EDITOR: 'true', VISUAL: '', EMACS_SOCKET_NAME: '/nonexistent/iim-no-server' };
const shell = (line: string, cwd = top) => spawnSync('bash', ['-c', line], { cwd, encoding: 'utf8', env, timeout: 30_000 });

describe('the examples of a script of your own', () => {
  it('every example line runs as printed in its directory (exit 0), greetings kept beside the script', () => {
    const examples = shell('./doe-iim.mjs');
    expect(examples.status, examples.stderr).toBe(0);
    const lines = examples.stdout.split('\n').filter((line) => line && !/^[#=-]{17}/.test(line)).map((line) => line.replace(/  # .*$/, ''));
    expect(lines[0]).toBe('./doe-iim.mjs -h -v -n showRun -i greetingSet world hello there');
    expect(lines.length).toBeGreaterThan(6);
    for (const line of lines) {
      const ran = shell(line);
      expect(ran.status, `${line}: ${ran.stderr}`).toBe(0);
    }
    expect(readFileSync(join(top, 'doe-iim-greetings', 'world'), 'utf8')).toBe('hello there\n');
  });

  it('run from another directory, its examples name it by a path from there', () => {
    const examples = shell(`${top.split('/').pop()}/doe-iim.mjs`, join(top, '..'));
    expect(examples.stdout).toContain(`\n${top.split('/').pop()}/doe-iim.mjs -i describe  # what this script is for\n`);
  });

  it('found on PATH, its examples name it bare', () => {
    const onPath = spawnSync('doe-iim.mjs', [], { cwd: '/', encoding: 'utf8', env: { ...env, PATH: `${top}:${env.PATH}` } });
    expect(onPath.stdout).toContain('\ndoe-iim.mjs -i describe  # what this script is for\n');
  });
});
