// Where a chronological multilog log reaches a given stamp: a binary search over byte
// offsets, reading one line at each step (some 27 reads for a 70 MB file), so `since`
// costs nothing in the part of a log it skips.
import { readSync } from 'node:fs';

const NEWLINE = 10;
const BLOCK = 4096;

/** Copies up to into.length bytes from `position` into `into`; how many (0 at the end). */
type ReadAt = (into: Buffer, length: number, position: number) => number;

/**
 * The offset of the first line (of size bytes read through readAt) whose stamp is at or
 * after `label` (`@` and 24 hex digits), or size when none is. A line without a stamp counts
 * as before it.
 */
function firstLineReaching(readAt: ReadAt, size: number, label: string): number {
  const want = Buffer.from(label, 'latin1');
  const block = Buffer.allocUnsafe(BLOCK);
  const lineStartAtOrAfter = (position: number): number => {
    if (position === 0) return 0;
    for (let at = position - 1; at < size; at += BLOCK) {
      const n = readAt(block, BLOCK, at);
      const newline = block.subarray(0, n).indexOf(NEWLINE);
      if (newline >= 0) return at + newline + 1;
      if (n === 0) break;
    }
    return size;
  };
  const reached = (start: number): boolean => {
    if (start >= size) return true;
    const n = readAt(block, want.length, start);
    return n === want.length && block[0] === 64 /* @ */ && block.subarray(0, n).compare(want) >= 0;
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

/** firstLineReaching in the file open as fd, of size bytes. */
export function firstLineFrom(fd: number, size: number, label: string): number {
  return firstLineReaching((into, length, position) => readSync(fd, into, 0, length, position), size, label);
}

/** The same for lines held in memory (the last LINES lines of a log). */
export function firstLineInBuffer(buf: Buffer, label: string): number {
  return firstLineReaching((into, length, position) => buf.copy(into, 0, position, Math.min(buf.length, position + length)), buf.length, label);
}
