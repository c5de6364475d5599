// What several iim-daemontools commands share: the scanned directory's entries, how long to wait.
import { lstatSync, readdirSync } from 'node:fs';
import type { CommandContext } from '../../framework/declaration.js';

export type Run = (context: CommandContext) => Promise<void> | void;

export const timeoutMs = (params: Record<string, string>) => Number(params.timeout) * 1000;

/** Entries svscan would consider in DIR (dot files skipped), sorted. */
export function serviceEntries(dir: string): string[] {
  return readdirSafe(dir).filter((name) => !name.startsWith('.')).sort();
}

export function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
