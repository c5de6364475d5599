// dnscache's env/ file variables (IP, IPSEND, CACHESIZE, DATALIMIT, ROOT, FORWARDONLY),
// checked one by one and together before anything is written.

import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readEnvDir, validateEnvValue } from '../daemontools/envdir.js';
import { InvalidInput, quote } from '../invalid-input.js';
import { openResolverComplaint, validateSendAddress, validateUsableAddress } from './address-use.js';
import { validateIPv4 } from './prefix.js';

export const DNSCACHE_VARIABLES = ['IP', 'IPSEND', 'CACHESIZE', 'DATALIMIT', 'ROOT', 'FORWARDONLY'] as const;
export type DnscacheVariable = (typeof DNSCACHE_VARIABLES)[number];

/** djbdns cache.c clamps the cache to 100 .. 1000000000 bytes; we refuse what it would change. */
export const CACHESIZE_MIN = 100;
export const CACHESIZE_MAX = 1_000_000_000;

/**
 * The least DATALIMIT - CACHESIZE we accept. DATALIMIT is softlimit -d for the whole process:
 * the cache plus dnscache's own fixed table (under 256K), 128K UDP buffer, per-query memory
 * (dnscache(8), "Memory use") and libc. djb's defaults leave 2,000,000 bytes (dnscache-conf:
 * CACHESIZE 1000000, -d3000000); his FAQ pairs 100000000 with 104857600 (4,857,600);
 * Debian's dnscache-conf leaves 3,000,000. Measured on Debian 12 amd64, dnscache 1.05 with
 * CACHESIZE 1000000 fails ("not enough memory for cache") under -d1600000 and starts under
 * -d1700000. We require djb's smallest default headroom, 2,000,000, which leaves a margin.
 */
export const DATALIMIT_HEADROOM = 2_000_000;

/**
 * softlimit reads -d with scan_ulong, which wraps past 2^64-1 without a word (18446744073709551617
 * becomes 1 and dnscache cannot start): we accept what a double holds exactly, far above any memory.
 */
export const DATALIMIT_MAX = Number.MAX_SAFE_INTEGER;

const plainInteger = /^(0|[1-9][0-9]*)$/;

function integerValue(name: string, value: string): number {
  if (!plainInteger.test(value)) {
    throw new InvalidInput(`bad ${name} ${quote(value)}: expected a plain non-negative integer of bytes like 1000000 (no sign, unit or separators)`);
  }
  return Number(value);
}

/** Check one variable's value; returns it unchanged. */
export function validateDnscacheVariable(name: string, value: string): string {
  validateEnvValue(name, value);
  switch (name) {
    case 'IP':
    case 'IPSEND':
      validateIPv4(value, name);
      return name === 'IP' ? validateUsableAddress(value, 'IP') : validateSendAddress(value);
    case 'CACHESIZE': {
      const n = integerValue(name, value);
      if (n < CACHESIZE_MIN || n > CACHESIZE_MAX) {
        throw new InvalidInput(`bad CACHESIZE ${quote(value)}: expected ${CACHESIZE_MIN} to ${CACHESIZE_MAX} bytes (dnscache clamps anything else)`);
      }
      return value;
    }
    case 'DATALIMIT': {
      const n = integerValue(name, value);
      if (value.length > 16 || n > DATALIMIT_MAX || n < CACHESIZE_MIN + DATALIMIT_HEADROOM) {
        throw new InvalidInput(
          `bad DATALIMIT ${quote(value)}: expected ${CACHESIZE_MIN + DATALIMIT_HEADROOM} to ${DATALIMIT_MAX} bytes (softlimit wraps larger numbers)`,
        );
      }
      return value;
    }
    case 'ROOT':
      if (value === '') throw new InvalidInput('bad ROOT "": expected the directory dnscache chroots into, like /etc/dnscache/root');
      return value;
    case 'FORWARDONLY':
      // dnscache.c tests only whether FORWARDONLY is set: "0" or "no" would still turn it on.
      if (/^(0|no|false|off)$/i.test(value)) {
        throw new InvalidInput(`bad FORWARDONLY ${quote(value)}: any value turns forwarding on; expected 1, or remove env/FORWARDONLY to turn it off`);
      }
      return value;
    default:
      throw new InvalidInput(`unknown dnscache variable ${quote(name)}: expected one of ${DNSCACHE_VARIABLES.join(', ')}`);
  }
}

/** CACHESIZE and DATALIMIT together: the data limit must hold the cache and dnscache itself. */
export function validateCacheLimits(cacheSize: number, dataLimit: number): void {
  if (dataLimit - cacheSize < DATALIMIT_HEADROOM) {
    throw new InvalidInput(
      `DATALIMIT ${dataLimit} leaves ${dataLimit - cacheSize} bytes beside CACHESIZE ${cacheSize}: ` +
        `expected DATALIMIT >= CACHESIZE + ${DATALIMIT_HEADROOM} (${cacheSize + DATALIMIT_HEADROOM}), or dnscache may not start under softlimit`,
    );
  }
}

/** A dnscache service directory, by its shape (dnscache-conf makes root/ip and root/servers). */
export function isDnscacheDir(dir: string): boolean {
  return existsSync(join(dir, 'root', 'ip')) && existsSync(join(dir, 'root', 'servers'));
}

/**
 * The checks of iim-dnscache envSet for a change made to a dnscache's env/ by other means
 * (iim-daemontools envSet): the variable's own rule, DATALIMIT >= CACHESIZE + headroom, and no
 * open resolver (a public IP answering a public prefix of root/ip) unless forced (-f).
 */
export function validateDnscacheChange(envDir: string, name: string, value: string, { force = false } = {}): void {
  if (!(DNSCACHE_VARIABLES as readonly string[]).includes(name)) return;
  validateDnscacheVariable(name, value);
  if (name === 'IP') {
    const root = readEnvDir(envDir).get('ROOT'); // where dnscache chroots, as iim-dnscache reads it
    const ipDir = join(root?.startsWith('/') ? resolve(root) : join(dirname(envDir), 'root'), 'ip');
    const prefixes = existsSync(ipDir) ? readdirSync(ipDir).filter((entry) => !entry.startsWith('.')) : [];
    const open = openResolverComplaint(value, prefixes);
    if (open && !force) throw new InvalidInput(`refusing IP ${value}: ${open}`);
  }
  if (name !== 'CACHESIZE' && name !== 'DATALIMIT') return;
  const env = readEnvDir(envDir);
  const cacheSize = name === 'CACHESIZE' ? value : env.get('CACHESIZE');
  const dataLimit = name === 'DATALIMIT' ? value : env.get('DATALIMIT');
  if (cacheSize && dataLimit) validateCacheLimits(Number(cacheSize), Number(dataLimit));
}
