// Root-owned 0600 files standing in for /etc/shadow, and the check that a refused read let
// none of their content out: not on stdout or stderr, not in any other file of the tree.
import { lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { BinResult } from './run-bin.js';

/** A 0600 file holding `content`; `content` should hold a word found nowhere else (the secret). */
export function plantVictim(path: string, content: string): string {
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

/** Regular files under DIR (links not followed) other than `except` whose bytes contain `secret`. */
function filesHolding(dir: string, secret: string, except: string[]): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stats = lstatSync(path);
    if (stats.isDirectory()) found.push(...filesHolding(path, secret, except));
    else if (stats.isFile() && !except.includes(path) && readFileSync(path).includes(secret)) found.push(path);
  }
  return found;
}

/** Exit 1, a message containing `message` (the link and its target), and `secret` nowhere but in the victims. */
export function expectRefusedWithoutLeak(result: BinResult, message: string, secret: string, tree: string, victims: string[]): void {
  expect(result.stdout).not.toContain(secret);
  expect(result.stderr).not.toContain(secret);
  expect(result.stderr).toContain(message);
  expect(result.status, result.stderr).toBe(1);
  expect(filesHolding(tree, secret, victims)).toEqual([]);
}
