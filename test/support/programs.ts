// Real programs for integration tests: under CI=true a missing one is a failure, never a skip.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export function hasProgram(program: string): boolean {
  const directories = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'];
  return directories.some((directory) => {
    try {
      accessSync(join(directory, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * True when every program is there. Under CI a missing one throws (the suite fails);
 * elsewhere the caller skips with the returned flag (`describe.skipIf(!available(...))`).
 */
export function available(...programs: string[]): boolean {
  const missing = programs.filter((program) => !hasProgram(program));
  if (missing.length && process.env.CI === 'true') {
    throw new Error(`missing programs under CI: ${missing.join(', ')} (install them with test/install-debian-deps.sh)`);
  }
  return missing.length === 0;
}

export const isRoot = () => process.getuid?.() === 0;
