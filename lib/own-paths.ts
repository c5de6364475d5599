// Paths of ours (a service directory, its env/, a control file, a log) are never symbolic links:
// one planted there would make us write, or read and copy, somewhere else.
import { lstatSync, readlinkSync, type Stats } from 'node:fs';
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
