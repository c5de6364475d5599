// What is at a path, if anything: lstat without throwing when nothing is there.
import { lstatSync, type Stats } from 'node:fs';

export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
