// The resolver file (resolv.conf(5)): point it at one cache, keep everything else, and name
// its timestamped backups so the newest can be found again.
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The same file with its nameserver lines replaced by one `nameserver IP`, where the first
 * one was (at the end when there was none). search, domain, options, sortlist and comments stay.
 */
export function pointAt(text: string, ip: string): string {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const kept: string[] = [];
  let placed = false;
  for (const line of lines) {
    if (/^\s*nameserver(\s|$)/.test(line)) {
      if (!placed) kept.push(`nameserver ${ip}`);
      placed = true;
      continue;
    }
    kept.push(line);
  }
  if (!placed) kept.push(`nameserver ${ip}`);
  return kept.join('\n') + '\n';
}

/** The nameserver addresses a resolver file lists, in order. */
export function nameservers(text: string): string[] {
  return text.split('\n').flatMap((line) => {
    const match = /^\s*nameserver\s+(\S+)/.exec(line);
    return match ? [match[1]] : [];
  });
}

const MARK = '.iim-dnscache-';

/** `20250102T030405Z`: sorts in time order, safe in a file name. */
export function stampOf(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

/** FILE.iim-dnscache-STAMP, with -2, -3 … when that name is taken. */
export function backupPathFor(file: string, date: Date, taken: (path: string) => boolean): string {
  const base = `${file}${MARK}${stampOf(date)}`;
  let path = base;
  for (let n = 2; taken(path); n++) path = `${base}-${n}`;
  return path;
}

/** The backups of FILE beside it, oldest first. */
export function backupsOf(file: string): string[] {
  const name = basename(file);
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${MARK.replace(/\./g, '\\.')}(\\d{8}T\\d{6}Z)(?:-(\\d+))?$`);
  let entries: string[];
  try {
    entries = readdirSync(dirname(file));
  } catch {
    return [];
  }
  return entries
    .map((entry) => ({ entry, match: pattern.exec(entry) }))
    .filter((e): e is { entry: string; match: RegExpExecArray } => e.match !== null)
    .sort((a, b) => (a.match[1] < b.match[1] ? -1 : a.match[1] > b.match[1] ? 1 : Number(a.match[2] ?? 1) - Number(b.match[2] ?? 1)))
    .map((e) => join(dirname(file), e.entry));
}
