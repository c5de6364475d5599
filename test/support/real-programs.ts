// Which real djb programs a test needs; under CI=true a missing one fails the test instead of skipping it.

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export function findProgram(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).concat('/usr/sbin', '/sbin')) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function missingPrograms(names: string[]): string[] {
  return names.filter((name) => findProgram(name) === undefined);
}

/** Skip when programs are missing on a workstation; fail under CI=true. */
export function shouldSkip(missing: string[]): boolean {
  if (missing.length === 0) return false;
  if (process.env.CI === 'true') return false;
  return true;
}
