// dyndns accounts: one plain file per account (its salted scrypt hash and the hostnames it may
// update), read by the service; passwords checked in constant time.
import { randomBytes, scrypt, scryptSync, timingSafeEqual, createHash, type ScryptOptions } from 'node:crypto';
import { InvalidInput, quote } from '../invalid-input.js';
import { fqdnOf } from './protocol.js';

/** scrypt's cost: N=2^14, r=8, p=1 (about 50 ms and 16 MB per check). */
const COST = { N: 16384, r: 8, p: 1 };
const KEY_BYTES = 32;

export interface Account {
  name: string;
  /** "scrypt:N:r:p:SALT:HASH", salt and hash in base64. */
  hash: string;
  hostnames: string[];
}

export function parseAccountName(name: string): string {
  if (!/^[a-z0-9][a-z0-9_.-]{0,63}$/.test(name)) throw new InvalidInput(`bad account name ${quote(name)}: expected lowercase letters, digits, ".", "_", "-" (like home-router)`);
  return name;
}

export function parseHostname(name: string): string {
  const fqdn = fqdnOf(name);
  if (fqdn === undefined) throw new InvalidInput(`bad hostname ${quote(name)}: expected a fully qualified name like host.dyn.example.test`);
  return fqdn;
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, KEY_BYTES, { ...COST, maxmem: 64 * 1024 * 1024 });
  return `scrypt:${COST.N}:${COST.r}:${COST.p}:${salt.toString('base64')}:${key.toString('base64')}`;
}

/** A password for an account made without one: 24 characters of base64url (144 random bits). */
export const generatePassword = () => randomBytes(18).toString('base64url');

/** The parts of a stored hash; a malformed one gets a throwaway salt and key, so it costs the same and matches nothing. */
function hashParts(hash: string): { salt: Buffer; stored: Buffer; cost: ScryptOptions; wellFormed: boolean } {
  const parts = hash.split(':');
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const wellFormed = parts.length === 6 && parts[0] === 'scrypt' && [N, r, p].every(Number.isSafeInteger) && N <= 1 << 20 && r <= 32 && p <= 16;
  const stored = wellFormed ? Buffer.from(parts[5], 'base64') : randomBytes(KEY_BYTES);
  return {
    salt: wellFormed ? Buffer.from(parts[4], 'base64') : randomBytes(16),
    stored: stored.length ? stored : randomBytes(KEY_BYTES),
    cost: { ...(wellFormed ? { N, r, p } : COST), maxmem: 256 * 1024 * 1024 },
    wellFormed,
  };
}

/** Does PASSWORD match HASH? The scrypt keys are compared with timingSafeEqual. */
export function verifyPassword(password: string, hash: string): boolean {
  const { salt, stored, cost, wellFormed } = hashParts(hash);
  return timingSafeEqual(scryptSync(password, salt, stored.length, cost), stored) && wellFormed;
}

/** verifyPassword in libuv's thread pool: a server keeps answering while scrypt runs. */
export function verifyPasswordLater(password: string, hash: string): Promise<boolean> {
  const { salt, stored, cost, wellFormed } = hashParts(hash);
  return new Promise((resolve, reject) =>
    scrypt(password, salt, stored.length, cost, (error, key) => (error ? reject(error) : resolve(timingSafeEqual(key, stored) && wellFormed))),
  );
}

/** The account file: "password HASH", then one "hostname NAME" line each. */
export function accountFileText(account: Account): string {
  return [`password ${account.hash}`, ...account.hostnames.map((name) => `hostname ${name}`)].join('\n') + '\n';
}

export function parseAccountFile(name: string, text: string): Account {
  let hash = '';
  const hostnames: string[] = [];
  for (const line of text.split('\n')) {
    const [key, value] = [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1).trim()];
    if (key === 'password') hash = value;
    else if (key === 'hostname' && fqdnOf(value)) hostnames.push(fqdnOf(value)!);
  }
  return { name, hash, hostnames };
}

/**
 * Remembers passwords already checked, as SHA-256 digests keyed by account and hash, so a
 * client updating every few seconds costs one scrypt, not one per request. Compared with
 * timingSafeEqual too.
 */
export class VerifiedPasswords {
  private readonly known = new Map<string, Buffer>();
  /** True when PASSWORD is the one already checked for ACCOUNT (no scrypt). */
  remembers(account: Account, password: string): boolean {
    const remembered = this.known.get(`${account.name}\n${account.hash}`);
    return remembered !== undefined && timingSafeEqual(remembered, createHash('sha256').update(password).digest());
  }

  /** A wrong password costs one scrypt even when the right one is remembered: a fast "no" would tell a known account from an unknown one. */
  async check(account: Account, password: string): Promise<boolean> {
    if (this.remembers(account, password)) return true;
    const key = `${account.name}\n${account.hash}`;
    const digest = createHash('sha256').update(password).digest();
    const ok = await verifyPasswordLater(password, account.hash);
    if (ok) {
      if (this.known.size > 10_000) this.known.clear();
      this.known.set(key, digest);
    }
    return ok;
  }
}
