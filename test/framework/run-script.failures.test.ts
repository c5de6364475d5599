// Failures a user meets from the shell end with one message and an exit status: no stack
// trace, no hang (issue 12, item 13).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { available } from '../support/programs.js';
import { binPath, runBin } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';

const STACK_LINE = /^ {4}at /m;
const isRoot = process.getuid?.() === 0;

describe('no stack traces, no hangs', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('-i %s is an unknown command: usage error, exit 2', async (name) => {
    const result = await runBin('iim-tinydns', ['-i', name]);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stderr).toContain(`iim-tinydns: ${name}: usage: unknown command "${name}"`);
    expect(result.stderr).not.toContain('is not a function');
    expect(result.status).toBe(2);
  });

  it('-i describe constructor is an unknown command too', async () => {
    const result = await runBin('iim-dnscache', ['-i', 'describe', 'constructor']);
    expect(result.stderr).toContain('usage: unknown command "constructor"');
    expect(result.status).toBe(2);
  });

  it.each(['__proto__', 'constructor', 'toString'])('-p %s=x is an unknown parameter, exit 2', async (name) => {
    const result = await runBin('iim-daemontools', ['-p', `${name}=x`, '-i', 'list']);
    expect(result.stderr).toContain(`usage: unknown parameter "${name}"`);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(2);
  });

  it.skipIf(!available('tinydns-get'))('iim-tinydns -i query constructor NAME: a bad query type, said plainly', async () => {
    const result = await runBin('iim-tinydns', ['-p', 'dir=/nonexistent-iim-test', '-i', 'query', 'constructor', 'example.test']);
    expect(result.stderr).toContain('bad query type "constructor"');
    expect(result.stderr).not.toContain('is not a function');
    expect(result.status).toBe(1);
  });

  it('iim-dnscache -i query NAME constructor: a bad query type, said plainly (dnsqr never runs)', async () => {
    const dir = temporaryDirectory('query-type');
    try {
      mkdirSync(join(dir, 'env'));
      writeFileSync(join(dir, 'env', 'IP'), '127.0.0.1\n');
      const result = await runBin('iim-dnscache', ['-p', `dir=${dir}`, '-i', 'query', 'example.test', 'constructor']);
      expect(result.stderr).toBe('iim-dnscache: query: bad query type "constructor": expected a, aaaa, mx, ns, ptr, txt, soa, cname, srv, any or a number 0-65535\n');
      expect(result.status).toBe(1);
    } finally {
      removeDirectory(dir);
    }
  });

  it('-i examples > /dev/full: one line saying stdout failed, exit 1', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, [binPath('iim-tinydns'), '-i', 'examples'], {
        stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1' },
      });
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(result.stderr).toBe('iim-tinydns: cannot write standard output: ENOSPC: no space left on device, write\n');
      expect(result.status).toBe(1);
    } finally {
      closeSync(full);
    }
  });

  it('dataCheck /dev/zero: refused at once as not a regular file', async () => {
    const result = await runBin('iim-tinydns', ['-i', 'dataCheck', '/dev/zero'], { timeoutMs: 15_000 });
    expect(result.stderr).toContain('iim-tinydns: dataCheck: /dev/zero is not a regular file');
    expect(result.status).toBe(1);
  });

  it.skipIf(!isRoot)('as nobody, -p sudo=yes without a runnable sudo: one line, exit 1', () => {
    const result = spawnSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups',
      process.execPath, binPath('iim-tinydns'), '-p', 'sudo=yes', '-p', 'dir=/nonexistent-iim-test/tinydns', '-i', 'setup', '127.0.0.9'], {
      encoding: 'utf8', cwd: '/', timeout: 30_000, env: { ...process.env, NO_COLOR: '1', PATH: '/nonexistent-iim-test' },
    });
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stderr).toMatch(/^iim-tinydns: setup: could not re-run through sudo: spawnSync sudo E[A-Z]+\n$/);
    expect(result.status).toBe(1);
  });
});
