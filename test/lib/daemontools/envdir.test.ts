import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applyEnvDir, envFileContent, envValueFromFile, readEnvDir, readEnvVariable, validateEnvName, validateEnvValue,
} from '../../../lib/daemontools/envdir.js';
import { missingPrograms, shouldSkip } from '../../support/real-programs.js';

describe('validateEnvName', () => {
  it('accepts shell-style names', () => {
    for (const n of ['IP', 'CACHESIZE', '_x', 'a1']) expect(validateEnvName(n)).toBe(n);
  });
  it.each([
    ['', 'empty'], ['A=B', 'contains "="'], ['a/b', 'contains "/"'], ['.X', 'starts with "."'],
    ['A\0', 'NUL'], ['1X', 'starts with a digit'], ['A-B', 'outside'],
  ])('refuses %j', (name, why) => {
    expect(() => validateEnvName(name)).toThrow(why);
  });
});

describe('validateEnvValue', () => {
  it('accepts one line, even empty', () => {
    expect(validateEnvValue('IP', '127.0.0.1')).toBe('127.0.0.1');
    expect(validateEnvValue('X', '')).toBe('');
    expect(envFileContent('')).toBe('\n');
  });
  it('refuses what envdir would change', () => {
    expect(() => validateEnvValue('IP', 'a\nb')).toThrow('bad value "a\\nb" for IP: contains a newline');
    expect(() => validateEnvValue('IP', 'a\0b')).toThrow('contains NUL');
    expect(() => validateEnvValue('IP', 'a ')).toThrow('ends with a space or tab');
    expect(() => validateEnvValue('IP', 'a\t')).toThrow('ends with a space or tab');
  });
});

describe('readEnvVariable', () => {
  it('reads one variable as envdir sets it: first line, trailing blanks cut; missing or empty is undefined', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iim-envvar-'));
    try {
      writeFileSync(join(dir, 'IP'), '127.53.0.1  \nignored\n');
      writeFileSync(join(dir, 'EMPTY'), '');
      expect(readEnvVariable(dir, 'IP')).toBe('127.53.0.1');
      expect(readEnvVariable(dir, 'EMPTY')).toBeUndefined();
      expect(readEnvVariable(dir, 'MISSING')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('envValueFromFile', () => {
  it('keeps the first line, drops trailing blanks, turns NUL into newline', () => {
    expect(envValueFromFile(Buffer.from(''))).toBeNull();
    expect(envValueFromFile(Buffer.from('\n'))).toBe('');
    expect(envValueFromFile(Buffer.from('1000000\nsecond\n'))).toBe('1000000');
    expect(envValueFromFile(Buffer.from('x \t \n'))).toBe('x');
    expect(envValueFromFile(Buffer.from(' lead'))).toBe(' lead');
    expect(envValueFromFile(Buffer.from('a\0b'))).toBe('a\nb');
  });
});

const missing = missingPrograms(['envdir', 'env']);
describe.skipIf(shouldSkip(missing))('readEnvDir against the real envdir', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iim-envdir-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds envdir', () => expect(missing).toEqual([]));

  it('reads every file as envdir does', () => {
    const env = join(dir, 'env');
    mkdirSync(env);
    const files: Record<string, string> = {
      IP: '127.61.0.2\n',
      CACHESIZE: '1000000  \t\nignored second line\n',
      EMPTYLINE: '\n',
      REMOVED: '',
      NONL: 'no newline',
      WITHNUL: 'a\0b\n',
      LEADING: '  spaced',
      UTF: 'café\n',
      '.hidden': 'skipped\n',
    };
    for (const [name, content] of Object.entries(files)) writeFileSync(join(env, name), content);
    const start = { PATH: process.env.PATH ?? '/usr/bin:/bin', REMOVED: 'before', IP: 'old' };
    const real = spawnSync('envdir', [env, 'env', '-0'], { env: start });
    expect(real.status).toBe(0);
    const seen = Object.fromEntries(
      real.stdout.toString('utf8').split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
    const ours = readEnvDir(env);
    expect([...ours.keys()]).toEqual(Object.keys(files).filter((n) => !n.startsWith('.')).sort());
    expect(ours.get('REMOVED')).toBeNull();
    expect(applyEnvDir(start, ours)).toEqual(seen);
  });
});
