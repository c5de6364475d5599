// The last N lines of a (possibly large) log, read backwards from its end in chunks; and of
// a multilog directory's files taken in order (rotated @….s files, then current).
import { closeSync, fstatSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { openOwnFile } from '../own-paths.js';

const CHUNK = 1 << 16;
const NEWLINE = 10;

export function readLastLines(path: string, count: number): Buffer {
  const fd = openOwnFile(path); // the log account owns log/main: never read through a link it planted
  try {
    const size = fstatSync(fd).size;
    const chunks: Buffer[] = [];
    let position = size;
    let newlines = 0;
    // A final newline ends the last line; it does not start another.
    let skipFinal = true;
    while (position > 0) {
      const length = Math.min(CHUNK, position);
      position -= length;
      const chunk = Buffer.allocUnsafe(length);
      readSync(fd, chunk, 0, length, position);
      for (let i = length - 1; i >= 0; i--) {
        if (chunk[i] !== NEWLINE) continue;
        if (skipFinal && position + i === size - 1) continue;
        if (++newlines === count) {
          chunks.unshift(chunk.subarray(i + 1));
          return Buffer.concat(chunks);
        }
      }
      skipFinal = false;
      chunks.unshift(chunk);
    }
    return Buffer.concat(chunks);
  } finally {
    closeSync(fd);
  }
}

/** Lines in a piece of a log: its newlines, and one more if it ends without one. */
function lineCount(text: Buffer): number {
  let lines = 0;
  for (let at = text.indexOf(NEWLINE); at >= 0; at = text.indexOf(NEWLINE, at + 1)) lines++;
  return text.length > 0 && text[text.length - 1] !== NEWLINE ? lines + 1 : lines;
}

/** The last `count` lines of these files read one after the other (oldest first). */
export function readLastLinesOf(paths: string[], count: number): Buffer {
  const parts: Buffer[] = [];
  let wanted = count;
  for (let i = paths.length - 1; i >= 0 && wanted > 0; i--) {
    let part = readLastLines(paths[i], wanted);
    wanted -= lineCount(part);
    if (part.length > 0 && part[part.length - 1] !== NEWLINE) part = Buffer.concat([part, Buffer.from('\n')]);
    parts.unshift(part);
  }
  return Buffer.concat(parts);
}

/** multilog's rotated files in a log directory (@ and a TAI64N stamp, .s or .u), oldest first. */
export function rotatedLogs(logDir: string): string[] {
  return readdirSync(logDir)
    .filter((name) => /^@[0-9a-f]{24}\.[su]$/.test(name))
    .sort()
    .map((name) => join(logDir, name));
}
