import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLastLines, readLastLinesOf, rotatedLogs } from '../../../lib/dnscache/log-tail.js';

const dir = mkdtempSync(join(tmpdir(), 'iim-log-tail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('readLastLines', () => {
  it('gives the last N lines of a file bigger than its read size, or all of a shorter one', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}`);
    const big = file('big', lines.join('\n') + '\n');
    expect(readLastLines(big, 3).toString()).toBe('line 19997\nline 19998\nline 19999\n');
    expect(readLastLines(big, 20_000).toString()).toBe(lines.join('\n') + '\n');
    expect(readLastLines(file('unfinished', 'a\nb\nc'), 2).toString()).toBe('b\nc');
    expect(readLastLines(file('empty', ''), 5).toString()).toBe('');
  });
});

describe('readLastLinesOf', () => {
  it('reaches back into earlier files for lines the last one lacks, keeping their order', () => {
    const older = file('older', 'a\nb\n');
    const newer = file('newer', 'c\nd'); // no final newline: still a line
    expect(readLastLinesOf([older, newer], 1).toString()).toBe('d\n');
    expect(readLastLinesOf([older, newer], 3).toString()).toBe('b\nc\nd\n');
    expect(readLastLinesOf([older, newer], 10).toString()).toBe('a\nb\nc\nd\n');
  });
});

describe('rotatedLogs', () => {
  it("lists multilog's @stamp.s and .u files oldest first, nothing else", () => {
    const logDir = mkdtempSync(join(dir, 'log-'));
    for (const name of ['current', 'state', 'lock', '@400000006500000200000000.s', '@400000006500000100000000.u', '@nothex.s', 'processed']) {
      writeFileSync(join(logDir, name), '');
    }
    expect(rotatedLogs(logDir)).toEqual([
      join(logDir, '@400000006500000100000000.u'),
      join(logDir, '@400000006500000200000000.s'),
    ]);
  });
});
