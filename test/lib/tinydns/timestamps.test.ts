import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../../../lib/invalid-input.js';
import { dateToLabel, labelToDate } from '../../../lib/tinydns/timestamps.js';

describe('tinydns timestamps', () => {
  it("reads the label of tinydns-data's own example as its date (4000000038af1379: 2000-02-19 22:04:31 UTC)", () => {
    expect(labelToDate('4000000038af1379')).toBe('2000-02-19T22:04:31Z');
    expect(dateToLabel('2000-02-19T22:04:31Z')).toBe('4000000038af1379');
  });

  it('takes a date without a time as midnight UTC, and an offset as given', () => {
    expect(labelToDate(dateToLabel('2026-12-31'))).toBe('2026-12-31T00:00:00Z');
    expect(labelToDate(dateToLabel('2026-12-31T18:00'))).toBe('2026-12-31T18:00:00Z');
    expect(labelToDate(dateToLabel('2026-12-31T18:00:30+01:00'))).toBe('2026-12-31T17:00:30Z');
    expect(labelToDate(dateToLabel('2026-12-31 18:00-0230'))).toBe('2026-12-31T20:30:00Z');
  });

  it('refuses what is not a date, naming the form it expects', () => {
    for (const bad of ['tomorrow', '2026-13-01', '2026-02-30', '31.12.2026', '2026-12-31T25:00', '']) {
      expect(() => dateToLabel(bad, 'ttd date')).toThrow(InvalidInput);
    }
    expect(() => dateToLabel('2026-02-30', 'ttd date')).toThrow('bad ttd date "2026-02-30": expected a date YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM] (UTC unless given)');
  });

  it('says no date for a label outside years 1970-9999', () => {
    expect(labelToDate('0000000000000000')).toBeUndefined();
    expect(labelToDate('7fffffffffffffff')).toBeUndefined();
    expect(labelToDate('400000000000000a')).toBe('1970-01-01T00:00:00Z');
  });
});
