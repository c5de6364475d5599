// envdir(8) directories: one file per variable, read exactly as envdir reads them.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInput, quote } from '../invalid-input.js';
import { readOwnFile, requireOwnDirectory } from '../own-paths.js';

const sensibleName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The longest file name (one path component) Linux file systems take, in bytes. */
export const NAME_MAX = 255;

/** A variable name usable as an env/ file name (envdir forbids `=`; we also want a shell-safe name). */
export function validateEnvName(name: string): string {
  const bad = (why: string): never => {
    throw new InvalidInput(`bad variable name ${quote(name)}: ${why}; expected a name like CACHESIZE ([A-Za-z_][A-Za-z0-9_]*)`);
  };
  if (name.length === 0) bad('empty');
  if (Buffer.byteLength(name) > NAME_MAX) bad(`${Buffer.byteLength(name)} bytes > ${NAME_MAX}, the longest file name Linux allows`);
  if (name.includes('\0')) bad('contains NUL');
  if (name.includes('=')) bad('contains "=" (envdir cannot set it)');
  if (name.includes('/')) bad('contains "/"');
  if (name.startsWith('.')) bad('starts with "." (envdir skips such files)');
  if (!sensibleName.test(name)) bad('contains characters outside [A-Za-z0-9_] or starts with a digit');
  return name;
}

/**
 * A value that envdir will hand over unchanged: it keeps only the first line, strips trailing
 * spaces and tabs, and turns NUL into newline (envdir(8)), so none of those may appear.
 */
export function validateEnvValue(name: string, value: string): string {
  const bad = (why: string): never => {
    throw new InvalidInput(`bad value ${quote(value)} for ${name}: ${why}; expected one line without NUL or trailing blanks`);
  };
  if (value.includes('\0')) bad('contains NUL (envdir turns it into a newline)');
  if (value.includes('\n')) bad('contains a newline (envdir reads only the first line)');
  if (/[ \t]$/.test(value)) bad('ends with a space or tab (envdir removes them)');
  return value;
}

/** The file content that makes envdir set `value` (an empty file would unset the variable). */
export function envFileContent(value: string): string {
  return `${value}\n`;
}

/** What envdir makes of one file's bytes: the value, or null when the file removes the variable. */
export function envValueFromFile(content: Buffer): string | null {
  if (content.length === 0) return null;
  let end = content.indexOf(0x0a);
  if (end < 0) end = content.length;
  while (end > 0 && (content[end - 1] === 0x20 || content[end - 1] === 0x09)) end--;
  return content.toString('latin1', 0, end).replace(/\0/g, '\n');
}

/**
 * name → value (null: envdir removes the variable) for every file envdir reads, sorted by name.
 * envdir skips names starting with "." (envdir.c); values are decoded as UTF-8. Refuses env/ or a
 * file in it that is a symbolic link, as writes do: we would show what it points to.
 */
export function readEnvDir(dir: string): Map<string, string | null> {
  const result = new Map<string, string | null>();
  requireOwnDirectory(dir, true); // absent: readdirSync's ENOENT, as before
  for (const name of readdirSync(dir).filter((n) => !n.startsWith('.')).sort()) {
    const value = envValueFromFile(readOwnFile(join(dir, name)));
    result.set(name, value === null ? null : Buffer.from(value, 'latin1').toString('utf8'));
  }
  return result;
}

/** One variable of an env directory as envdir sets it; undefined when the file is missing, empty or not ours (a link). */
export function readEnvVariable(dir: string, name: string): string | undefined {
  let content: Buffer;
  try {
    requireOwnDirectory(dir);
    content = readOwnFile(join(dir, name));
  } catch {
    return undefined;
  }
  const value = envValueFromFile(content);
  return value === null ? undefined : Buffer.from(value, 'latin1').toString('utf8');
}

/** The environment a child started by `envdir dir` sees. */
export function applyEnvDir(env: Record<string, string | undefined>, entries: Map<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  for (const [k, v] of entries) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}
