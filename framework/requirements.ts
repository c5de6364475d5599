// What a command needs before it acts: its external programs (named with their Debian
// package when missing) and root.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Problem } from './problems.js';

/** Debian keeps administrators' programs in sbin, which a user's PATH may lack. */
const EXTRA_DIRECTORIES = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

export function findProgram(program: string): string | undefined {
  if (program.includes('/')) return isExecutable(program) ? program : undefined;
  const directories = [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_DIRECTORIES];
  for (const directory of directories) {
    if (!directory) continue;
    const candidate = join(directory, program);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** An executable file (a directory has the x bit too, and is not a program). */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function checkPrograms(needs: readonly string[], packages: Record<string, string> = {}): void {
  const missing = needs.filter((program) => !findProgram(program));
  if (missing.length === 0) return;
  const debianPackages = [...new Set(missing.map((program) => packages[program]).filter(Boolean))];
  const install = debianPackages.length ? `; install with: apt-get install ${debianPackages.join(' ')}` : '';
  throw new Problem(`missing program${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}${install}`);
}

export const isRoot = (): boolean => process.getuid?.() === 0;
