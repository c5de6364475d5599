// Paths of ours (a service directory, its env/, a control file, a log) are never symbolic links:
// one planted there would make us write, or read and copy, somewhere else.
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, type Stats } from 'node:fs';
import { Problem } from '../framework/problems.js';

function lstatOf(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function refuseLink(path: string, info: Stats | undefined, what: string): void {
  if (info?.isSymbolicLink()) {
    throw new Problem(`refusing ${path}: it is a symbolic link to ${readlinkSync(path)}, where ${what} is expected`);
  }
}

/** PATH is a real directory of ours, or absent (when `mayBeAbsent`). */
export function requireOwnDirectory(path: string, mayBeAbsent = false): void {
  const info = lstatOf(path);
  refuseLink(path, info, 'a directory');
  if (info && !info.isDirectory()) throw new Problem(`refusing ${path}: it is not a directory`);
  if (!info && !mayBeAbsent) throw new Problem(`no directory ${path}`);
}

/** PATH is a regular file of ours, or absent. */
export function requireOwnFileOrAbsent(path: string): void {
  const info = lstatOf(path);
  refuseLink(path, info, 'a plain file');
  if (info && !info.isFile()) throw new Problem(`refusing ${path}: it is not a plain file`);
}

/**
 * Opens PATH of ours for reading without following a symbolic link in its place (O_NOFOLLOW,
 * so no link planted between a check and the open is followed) and only if it is a plain file;
 * O_NONBLOCK, so a FIFO there cannot hang us. An absent file throws the open's ENOENT error.
 */
export function openOwnFile(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') refuseLink(path, lstatOf(path), 'a plain file');
    throw error;
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new Problem(`refusing ${path}: it is not a plain file`);
  }
  return fd;
}

/** The whole content of a plain file of ours, read through openOwnFile. */
export function readOwnFile(path: string): Buffer {
  const fd = openOwnFile(path);
  try {
    const chunks: Buffer[] = [];
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 16);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n <= 0) break;
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks);
  } finally {
    closeSync(fd);
  }
}
