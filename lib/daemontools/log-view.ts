// Reading a multilog directory's `current`: its last lines, or following it across rotations
// (multilog renames `current` to @TAI64N.s and starts a new one), stamps turned into local time.
import { closeSync, fstatSync, lstatSync, readSync } from 'node:fs';
import { openOwnFile } from '../own-paths.js';
import { convertLogLine } from './tai64n.js';

const TAIL_CHUNK = 64 * 1024;

/** The last `count` lines of a file (reading only as much of its end as needed). */
export function lastLines(path: string, count: number): string[] {
  const fd = openOwnFile(path); // the log account owns log/main: never read through a link it planted
  try {
    const size = fstatSync(fd).size;
    let start = size;
    let text = '';
    while (start > 0) {
      const length = Math.min(TAIL_CHUNK, start);
      start -= length;
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, start);
      text = buffer.toString('utf8') + text;
      if (text.split('\n').length > count + 1) break;
    }
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return lines.slice(-count);
  } finally {
    closeSync(fd);
  }
}

export const toLocalTimes = (lines: readonly string[]): string[] => lines.map(convertLogLine);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Print the last `count` lines, then every new line as it comes, until `signal` aborts.
 * A partial last line waits for its newline.
 */
export async function followLog(path: string, count: number, write: (text: string) => void, signal: AbortSignal, pollMs = 200): Promise<void> {
  let fd = -1;
  let inode = -1;
  let position = 0;
  let partial = '';
  const open = (fromEnd: boolean) => {
    try {
      fd = openOwnFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      fd = -1;
      return;
    }
    const stats = fstatSync(fd);
    inode = stats.ino;
    position = fromEnd ? stats.size : 0;
  };
  const drain = () => {
    const buffer = Buffer.alloc(TAIL_CHUNK);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, position);
      if (n <= 0) break;
      position += n;
      const lines = (partial + buffer.toString('utf8', 0, n)).split('\n');
      partial = lines.pop()!;
      if (lines.length) write(toLocalTimes(lines).join('\n') + '\n');
    }
  };
  try {
    lastLines(path, count).forEach((line) => write(convertLogLine(line) + '\n'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // no log yet: follow it from its creation
  }
  open(true);
  while (!signal.aborted) {
    if (fd >= 0) drain();
    let current: number | undefined;
    try {
      current = lstatSync(path).ino; // a link put in its place is a new file, refused when opened
    } catch {
      current = undefined;
    }
    if (current !== undefined && current !== inode) {
      if (fd >= 0) {
        drain(); // the rest of the renamed file
        closeSync(fd);
      }
      open(false);
      continue;
    }
    await sleep(pollMs);
  }
  if (fd >= 0) closeSync(fd);
}
