// The files of a service directory: run (envdir, setuidgid, softlimit, exec), log/run (multilog t).
// Inputs are checked here so the writers only ever receive valid values.
import { readFileSync } from 'node:fs';
import { quoteWord } from '../../framework/shell-words.js';
import { InvalidInput, quote } from '../../lib/invalid-input.js';

export interface ServiceSpec {
  command: readonly string[];
  /** Run the command as this account (setuidgid). */
  user?: string;
  /** softlimit -m: bytes of data + stack + locked memory. */
  memoryLimitBytes?: number;
}

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `64M`, `512k`, `1G`, `1000000` → bytes. */
export function parseMemoryLimit(text: string): number {
  const match = /^([0-9]{1,12})([kKmMgG]?)$/.exec(text);
  const bytes = match ? Number(match[1]) * UNITS[match[2].toLowerCase()] : NaN;
  if (!match || bytes < 65536 || !Number.isSafeInteger(bytes)) {
    throw new InvalidInput(`bad memory limit ${quote(text)}: expected a number of bytes of at least 64k, with an optional k, M or G suffix (like 64M)`);
  }
  return bytes;
}

/** An account name setuidgid can use: a sane name that /etc/passwd knows (setuidgid fails only at start). */
export function validateUser(name: string, passwd = '/etc/passwd'): string {
  if (!/^[a-z_][a-z0-9_.-]{0,31}$/.test(name)) {
    throw new InvalidInput(`bad user ${quote(name)}: expected an account name like nobody ([a-z_][a-z0-9_.-]*)`);
  }
  let known = false;
  try {
    known = readFileSync(passwd, 'utf8').split('\n').some((line) => line.split(':')[0] === name);
  } catch {
    // no passwd file to check against: setuidgid will say so at start
    known = true;
  }
  if (!known) throw new InvalidInput(`bad user ${quote(name)}: no such account in ${passwd} (create it with: useradd -r -s /usr/sbin/nologin -d /nonexistent ${name})`);
  return name;
}

/** The program and its arguments: a non-empty program, no NUL anywhere (execve cannot carry it). */
export function validateCommand(words: readonly string[]): string[] {
  if (words.length === 0 || words[0] === '') throw new InvalidInput('bad command "": expected a program to run, like sleep 1000');
  for (const word of words) {
    if (word.includes('\0')) throw new InvalidInput(`bad command word ${quote(word)}: contains NUL`);
  }
  return [...words];
}

const HEADER = '#!/bin/sh\n# made by iim-daemontools svcCreate; edit freely (svc -t restarts with it)\n';

/** DIR/run: stderr into the log, variables from ./env, then the optional limits, then exec the command. */
export function runFileContent(spec: ServiceSpec): string {
  const words = ['envdir', './env'];
  if (spec.memoryLimitBytes !== undefined) words.push('softlimit', '-m', String(spec.memoryLimitBytes));
  if (spec.user !== undefined) words.push('setuidgid', spec.user);
  words.push(...spec.command);
  return `${HEADER}exec 2>&1\nexec ${words.map(quoteWord).join(' ')}\n`;
}

/** DIR/log/run: multilog with TAI64N stamps into ./main. */
export function logRunFileContent(): string {
  return `${HEADER}exec multilog t ./main\n`;
}
