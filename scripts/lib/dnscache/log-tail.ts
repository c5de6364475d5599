// The last N lines of a (possibly large) log, read backwards from its end in chunks.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const CHUNK = 1 << 16;
const NEWLINE = 10;

export function readLastLines(path: string, count: number): Buffer {
  const fd = openSync(path, 'r');
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
