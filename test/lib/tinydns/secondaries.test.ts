import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedBytes, deltaPush, pushWords, zoneLines } from '../../../lib/tinydns/secondaries.js';
import { listZones } from '../../../lib/tinydns/records.js';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

describe('zoneLines', () => {
  it('keeps the . and Z lines, so listZones of them is listZones of the whole data', () => {
    const text = '.b.test:10.0.0.1:a\n+www.b.test:10.0.0.2\nZa.test:ns.a.test.:hostmaster.a.test.:7\n\n#.comment\n.c.test::ns.c.test';
    expect(zoneLines(text)).toBe('.b.test:10.0.0.1:a\nZa.test:ns.a.test.:hostmaster.a.test.:7\n.c.test::ns.c.test');
    expect(listZones(zoneLines(text))).toEqual(listZones(text));
  });
});

describe('changedBytes', () => {
  it('an appended line: all of before is the prefix, the line is the middle', () => {
    const before = Buffer.from('+a.test:10.0.0.1\n+b.test:10.0.0.2\n');
    const after = Buffer.concat([before, Buffer.from('+c.test:10.0.0.3\n')]);
    expect(changedBytes(before, after)).toEqual({ prefix: before.length, suffix: 0, middle: Buffer.from('+c.test:10.0.0.3\n') });
  });
  it('a line removed from the middle of 200,000 bytes: only the bytes around it count, nothing is sent', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `+h${i}.test:10.0.${i >> 8 & 255}.${i & 255}\n`);
    const before = Buffer.from(lines.join(''));
    const after = Buffer.from([...lines.slice(0, 5000), ...lines.slice(5001)].join(''));
    const { prefix, suffix, middle } = changedBytes(before, after);
    expect(middle.length).toBe(0);
    expect(Buffer.concat([before.subarray(0, prefix), middle, before.subarray(before.length - suffix)]).equals(after)).toBe(true);
  });
  it('prefix and suffix never overlap (a repeated byte inserted)', () => {
    const before = Buffer.from('aaaa');
    const after = Buffer.from('aaaaa');
    const { prefix, suffix, middle } = changedBytes(before, after);
    expect(prefix + suffix).toBeLessThanOrEqual(4);
    expect(Buffer.concat([before.subarray(0, prefix), middle, before.subarray(before.length - suffix)]).toString()).toBe('aaaaa');
  });
});

describe('the remote push command (run here with sh, tinydns-data from PATH)', () => {
  const push = (dir: string, input: Buffer) =>
    spawnSync(pushWords(dir)[0], pushWords(dir).slice(1), { input, encoding: 'utf8' });
  const serviceDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'iim-push-'));
    spawnSync('mkdir', ['-p', join(dir, 'root'), join(dir, 'env')]);
    writeFileSync(join(dir, 'env', 'IP'), '127.0.0.9\n');
    return dir;
  };
  it('installs a delta on the data it was made from, and refuses (status 3, nothing installed) any other data', () => {
    const dir = serviceDir();
    try {
      const before = Buffer.from('.test:10.0.0.53:a\n+a.test:10.0.0.1\n');
      const after = Buffer.from('.test:10.0.0.53:a\n+a.test:10.0.0.1\n+b.test:10.0.0.2\n');
      const data = join(dir, 'root', 'data');
      writeFileSync(data, before);
      utimesSync(data, 1700000000, 1700000000); // the serial of the compile that pushed BEFORE
      const done = push(dir, Buffer.concat([deltaPush(1800000000, before, after, 1700000000), Buffer.from(`commit ${md5(after)}\n`)]));
      expect(done.status, done.stderr).toBe(0);
      expect(done.stdout).toBe('127.0.0.9\n');
      expect(spawnSync('cat', [join(dir, 'root', 'data')], { encoding: 'utf8' }).stdout).toBe(after.toString());
      expect(spawnSync('tinydns-get', ['a', 'b.test'], { cwd: join(dir, 'root'), encoding: 'utf8' }).stdout).toContain('answer: b.test 86400 A 10.0.0.2');

      // another data (its size or mtime differ): refused before anything is compiled
      writeFileSync(data, '+other.test:10.0.0.3\n');
      const stale = push(dir, Buffer.concat([deltaPush(1800000001, before, after, 1700000000), Buffer.from(`commit ${md5(after)}\n`)]));
      expect(stale.status).toBe(3);
      expect(readFileSync(data, 'utf8')).toBe('+other.test:10.0.0.3\n');
      // the same size and mtime, other bytes: the result's MD5 is not the primary's, nothing installed
      const lookalike = Buffer.from(before.toString().replace('10.0.0.1', '10.0.0.9'));
      writeFileSync(data, lookalike);
      utimesSync(data, 1700000000, 1700000000);
      const wrong = push(dir, Buffer.concat([deltaPush(1800000002, before, after, 1700000000), Buffer.from(`commit ${md5(after)}\n`)]));
      expect(wrong.status).toBe(3);
      expect(readFileSync(data, 'utf8')).toBe(lookalike.toString());
      expect(spawnSync('ls', ['-a', join(dir, 'root')], { encoding: 'utf8' }).stdout).not.toContain('.push');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
