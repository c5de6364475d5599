// logStats -p since=TIME: the times it accepts, and where a chronological log reaches one
// (a binary search over the file, checked against a plain scan of every line).
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatTai64n } from '../../../lib/daemontools/tai64n.js';
import { parseSince, sinceComplaint } from '../../../lib/dnscache/since.js';
import { firstLineFrom, firstLineInBuffer } from '../../../lib/dnscache/stamp-search.js';

const dir = mkdtempSync(join(tmpdir(), 'iim-since-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseSince', () => {
  const now = new Date(2026, 10, 25, 15, 0, 0);
  it.each([
    ['90s', new Date(2026, 10, 25, 14, 58, 30)],
    ['30m', new Date(2026, 10, 25, 14, 30, 0)],
    ['2h', new Date(2026, 10, 25, 13, 0, 0)],
    ['1d', new Date(2026, 10, 24, 15, 0, 0)],
    ['2026-11-25 14:00', new Date(2026, 10, 25, 14, 0, 0)],
    ['2026-11-25T14:00:30', new Date(2026, 10, 25, 14, 0, 30)],
  ])('%s', (text, date) => {
    expect(parseSince(text, now)).toEqual(date);
  });

  it.each(['5x', '-1h', '1.5h', '2026-02-30 10:00', '2026-11-25 25:00', '2026-11-25', 'yesterday', '1h; rm -rf /', '1h\n'])(
    'refuses %j with a reason', (text) => {
      expect(sinceComplaint(text)).toMatch(/expected|no such local time/);
    },
  );

  it('takes an empty value as no limit, and gives labels that sort like the times', () => {
    expect(sinceComplaint('')).toBeUndefined();
    const sinceLabel = (text: string, now: Date) => formatTai64n(parseSince(text, now) as Date);
    expect(sinceLabel('2h', new Date(2026, 10, 25, 15, 0, 0)) < sinceLabel('1h', new Date(2026, 10, 25, 15, 0, 0))).toBe(true);
  });
});

describe('firstLineFrom and firstLineInBuffer', () => {
  // an unstamped first line, then 5,000 lines a second apart, one of them longer than a read block
  const start = Date.UTC(2026, 10, 25, 12, 0, 0);
  const lines = ['starting'];
  for (let i = 0; i < 5000; i++) {
    const stamp = formatTai64n(new Date(start + i * 1000));
    lines.push(`${stamp} query ${i} 7f000001:0035:0001 1 ${i === 2500 ? 'x'.repeat(9000) : `host${i}`}.example.test.`);
  }
  const text = lines.join('\n') + '\n';
  const file = join(dir, 'current');
  writeFileSync(file, text);
  const buffer = Buffer.from(text, 'latin1');
  /** The plain answer: the offset of the first line whose stamp is at or after label. */
  const scanned = (label: string) => {
    let offset = 0;
    for (const line of lines) {
      if (line.startsWith('@') && line.slice(0, 25) >= label) return offset;
      offset += line.length + 1;
    }
    return text.length;
  };

  it.each([
    ['before the first stamp', formatTai64n(new Date(start - 3600_000))],
    ['exactly a stamp', formatTai64n(new Date(start + 1234_000))],
    ['between two stamps', formatTai64n(new Date(start + 4321_500))],
    ['the long line', formatTai64n(new Date(start + 2500_000))],
    ['just after it', formatTai64n(new Date(start + 2500_001))],
    ['the last stamp', formatTai64n(new Date(start + 4999_000))],
    ['after the last stamp', formatTai64n(new Date(start + 5000_000))],
  ])('%s', (_where, label) => {
    const fd = openSync(file, 'r');
    try {
      expect(firstLineFrom(fd, text.length, label)).toBe(scanned(label));
    } finally {
      closeSync(fd);
    }
    expect(firstLineInBuffer(buffer, label)).toBe(scanned(label));
  });

  it('an empty file has no line to start from', () => {
    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    const fd = openSync(empty, 'r');
    try {
      expect(firstLineFrom(fd, 0, formatTai64n(new Date(start)))).toBe(0);
    } finally {
      closeSync(fd);
    }
  });
});
