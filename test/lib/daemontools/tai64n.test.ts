import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import {
  convertLogLine, formatLocal, formatTai64n, parseTai64n, startsWithStamp, tai64nToDate,
} from '../../../lib/daemontools/tai64n.js';
import { missingPrograms, shouldSkip } from '../../support/real-programs.js';

const stamps = [
  '@400000000000000a00000000', // 1970-01-01 00:00:00 UTC for daemontools (TAI-UTC = 10 s)
  '@4000000065000000075bcd15',
  '@40000000692591f23b9ac9ff',
  '@400000007fffffff3b9ac9ff', // 2038 boundary, 999999999 ns
  '@40000001000000000000000a', // past 2038
  '@40000000386d4380000003e8',
  '@40000000451f3b8105f5e100',
];

describe('parseTai64n', () => {
  it('subtracts 2^62 and 10 seconds like tai64nlocal', () => {
    expect(parseTai64n('@400000000000000a00000000')).toEqual({ unixSeconds: 0, nanoseconds: 0 });
    expect(parseTai64n('@4000000065000000075bcd15')).toEqual({ unixSeconds: 0x65000000 - 10, nanoseconds: 123456789 });
  });
  it('reads the 12-byte binary label', () => {
    const bytes = Buffer.from('4000000065000000075bcd15', 'hex');
    expect(parseTai64n(bytes)).toEqual(parseTai64n('@4000000065000000075bcd15'));
    expect(tai64nToDate(bytes).toISOString()).toBe('2023-09-12T06:06:46.123Z');
  });
  it('round-trips through formatTai64n', () => {
    for (const s of stamps) expect(formatTai64n(parseTai64n(s))).toBe(s);
    expect(formatTai64n(new Date('2023-09-12T06:06:46.123Z'))).toBe('@4000000065000000075bcd15'.slice(0, 17) + '0754d4c0');
  });
  it('refuses what is not a label, quoting it', () => {
    expect(() => parseTai64n('@4000')).toThrow('bad TAI64N label "@4000": expected "@" and 24 hex digits');
    expect(() => parseTai64n('x4000000065000000075bcd15')).toThrow(/bad TAI64N label/);
    expect(() => parseTai64n(Buffer.alloc(5))).toThrow('5 bytes, expected 12');
    expect(startsWithStamp('@4000000065000000075bcd1g')).toBe(false);
  });
  it('refuses a nanosecond field over 999999999, and takes 999999999 itself', () => {
    expect(() => parseTai64n('@40000000650000003b9aca00')).toThrow('bad TAI64N label "@40000000650000003b9aca00"');
    expect(() => parseTai64n('@4000000065000000ffffffff')).toThrow(/at most 3b9ac9ff/);
    expect(startsWithStamp('@40000000650000003b9aca00 query')).toBe(false);
    expect(parseTai64n('@40000000650000003b9ac9ff').nanoseconds).toBe(999_999_999);
  });
});

describe('convertLogLine', () => {
  it('leaves lines without a leading stamp alone', () => {
    expect(convertLogLine('starting')).toBe('starting');
    expect(convertLogLine('x@4000000065000000075bcd15')).toBe('x@4000000065000000075bcd15');
    expect(convertLogLine('')).toBe('');
  });
  it('leaves a stamp with a nanosecond field over 999999999 raw, never a ten-digit fraction', () => {
    expect(convertLogLine('@4000000065000000c3d0a9f6 starting')).toBe('@4000000065000000c3d0a9f6 starting');
  });
});

const missing = missingPrograms(['tai64nlocal']);
describe.skipIf(shouldSkip(missing))('against the real tai64nlocal', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('finds tai64nlocal', () => expect(missing).toEqual([]));

  for (const tz of ['UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
    it(`prints the same lines in TZ=${tz}`, () => {
      const lines = stamps.flatMap((s) => [`${s} query 1 7f000001:d5a8:1c2b 1 example.test.`, s, `${s}x`]);
      lines.push('no stamp here', '');
      const real = spawnSync('tai64nlocal', { input: lines.join('\n') + '\n', env: { ...process.env, TZ: tz } });
      expect(real.status).toBe(0);
      process.env.TZ = tz;
      expect(lines.map(convertLogLine).join('\n') + '\n').toBe(real.stdout.toString());
      expect(formatLocal(parseTai64n(stamps[1]))).toBe(real.stdout.toString().split('\n')[4]);
    });
  }

  it('prints a nanosecond field of 1000000000 as ten digits, where we leave the stamp raw', () => {
    const line = '@40000000692591f23b9aca00 starting';
    const real = spawnSync('tai64nlocal', { input: `${line}\n`, env: { ...process.env, TZ: 'UTC' } });
    expect(real.stdout.toString()).toBe('2025-11-25 11:24:24.1000000000 starting\n');
    expect(convertLogLine(line)).toBe(line);
  });
});
