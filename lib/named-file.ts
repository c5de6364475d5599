// Files the user names on the command line (or a zone file includes): links are followed, since
// the user chose the name, but only a plain file of bounded size is read (/dev/zero never ends).
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { Problem } from '../framework/problems.js';

/** The most we read of one named file or of standard input. */
export const NAMED_FILE_LIMIT = 256 * 1024 * 1024;

const mib = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MiB`;

function readAll(fd: number, shown: string, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(1 << 16);
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n <= 0) break;
    total += n;
    if (total > limit) throw new Problem(`refusing ${shown}: more than ${mib(limit)}, too big for a zone or data file`);
    chunks.push(chunk.subarray(0, n));
  }
  return Buffer.concat(chunks);
}

/** PATH's bytes ("-": standard input), refusing a device, FIFO or directory and anything over `limit`. */
export function readNamedFile(path: string, limit = NAMED_FILE_LIMIT): Buffer {
  if (path === '-') return readAll(0, 'standard input', limit);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new Problem(`refusing ${path}: it is not a plain file (a device, FIFO or directory would be read forever or not at all)`);
    if (stats.size > limit) throw new Problem(`refusing ${path}: ${mib(stats.size)}, more than ${mib(limit)}, too big for a zone or data file`);
    return readAll(fd, path, limit);
  } finally {
    closeSync(fd);
  }
}
