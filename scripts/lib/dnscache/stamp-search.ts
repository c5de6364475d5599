// Where a chronological multilog file reaches a given stamp: a binary search over byte
// offsets, reading one line at each step (some 27 reads for a 70 MB file), so `since`
// costs nothing in the part of a log it skips.
import { readSync } from 'node:fs';

const NEWLINE = 10;
const BLOCK = 4096;

/**
 * The offset of the first line of fd (size bytes) whose stamp is at or after `label`
 * (`@` and 24 hex digits), or size when none is. A line without a stamp counts as before it.
 */
export function firstLineFrom(fd: number, size: number, label: string): number {
  const want = Buffer.from(label, 'latin1');
  const block = Buffer.allocUnsafe(BLOCK);
  const lineStartAtOrAfter = (position: number): number => {
    if (position === 0) return 0;
    for (let at = position - 1; at < size; at += BLOCK) {
      const n = readSync(fd, block, 0, BLOCK, at);
      const newline = block.subarray(0, n).indexOf(NEWLINE);
      if (newline >= 0) return at + newline + 1;
      if (n === 0) break;
    }
    return size;
  };
  const reached = (start: number): boolean => {
    if (start >= size) return true;
    const n = readSync(fd, block, 0, want.length, start);
    return n === want.length && block.subarray(0, n).compare(want) >= 0 && block[0] === 64 /* @ */;
  };
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (reached(lineStartAtOrAfter(mid))) hi = mid;
    else lo = mid + 1;
  }
  return lineStartAtOrAfter(lo);
}

/** The same for lines held in memory (the last LINES lines of a log): where they reach `label`. */
export function firstLineInBuffer(buf: Buffer, label: string): number {
  const want = Buffer.from(label, 'latin1');
  for (let start = 0; start < buf.length; ) {
    if (buf[start] === 64 /* @ */ && buf.compare(want, 0, want.length, start, Math.min(buf.length, start + want.length)) >= 0) return start;
    const newline = buf.indexOf(NEWLINE, start);
    if (newline < 0) break;
    start = newline + 1;
  }
  return buf.length;
}
