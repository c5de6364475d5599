// The dyndns service's view of its account files: read at each request (so dyndnsAccountAdd
// and dyndnsAccountRemove take effect at once), passwords checked once, updates counted.
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword, parseAccountFile, VerifiedPasswords, type Account } from '../../lib/dyndns/accounts.js';
import { FailureCounts, HashSlots } from '../../lib/dyndns/auth-guard.js';
import type { DyndnsSettings } from '../../lib/dyndns/settings.js';

/** Who is let in, or the code that answers without (or after) a password check, and why. */
export type Login = { account: Account } | { code: 'badauth' | 'abuse' | '911'; why: string };

export class AccountBook {
  private readonly verified = new VerifiedPasswords();
  /** A hash no password matches, checked for unknown users so they cost what known ones cost. */
  private readonly decoy = hashPassword(String(Math.random()));
  private readonly sent = new Map<string, number[]>();
  private readonly addressFailures: FailureCounts;
  private readonly accountFailures: FailureCounts;
  private readonly slots: HashSlots;
  private readonly perMinute: number;

  constructor(private readonly dir: string, settings: Pick<DyndnsSettings, 'perMinute' | 'addressFailures' | 'accountFailures' | 'hashes'>) {
    this.perMinute = settings.perMinute;
    this.addressFailures = new FailureCounts(settings.addressFailures);
    this.accountFailures = new FailureCounts(settings.accountFailures);
    this.slots = new HashSlots(settings.hashes, 16 * settings.hashes);
  }

  read(name: string): Account | undefined {
    if (!/^[a-z0-9][a-z0-9_.-]{0,63}$/.test(name)) return undefined;
    // Never through a symbolic link, nor from a FIFO or device: only the account's own plain file.
    let fd: number | undefined;
    try {
      fd = openSync(join(this.dir, name), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      if (!fstatSync(fd).isFile()) return undefined;
      return parseAccountFile(name, readFileSync(fd, 'utf8'));
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /**
   * USER and PASSWORD from PEER: refused without hashing when the address or the account failed
   * too often within a minute, or when too many checks wait; a password already checked for the
   * account is let in all the same (a flood against an account does not lock its client out).
   */
  async authenticate(user: string, password: string, peer = ''): Promise<Login> {
    if (this.addressFailures.over(peer)) return { code: 'abuse', why: `over ${this.addressFailures.limit} failed logins in a minute from ${peer}, not checked` };
    const account = this.read(user);
    if (account && account.hash && this.verified.remembers(account, password)) return { account };
    const name = account ? account.name : `?${user.slice(0, 64)}`;
    const fail = (why: string): Login => {
      this.addressFailures.add(peer);
      this.accountFailures.add(name);
      return { code: 'badauth', why };
    };
    if (this.accountFailures.over(name)) return fail(`over ${this.accountFailures.limit} failed logins in a minute for ${JSON.stringify(user.slice(0, 64))}, not checked`);
    const checked = account ?? { name: '', hash: this.decoy, hostnames: [] };
    const ok = await this.slots.run(() => this.verified.check(checked, password));
    if (ok === undefined) return { code: '911', why: 'too many password checks waiting' };
    return ok && account && account.hash ? { account } : fail(`wrong password or no account ${JSON.stringify(user.slice(0, 64))}`);
  }

  /** The account that lists NAME, if any (for "!yours" rather than "nohost"). */
  ownerOf(name: string): string | undefined {
    let entries: string[] = [];
    try {
      entries = readdirSync(this.dir);
    } catch {
      return undefined;
    }
    return entries.find((entry) => !entry.startsWith('.') && this.read(entry)?.hostnames.includes(name));
  }

  /** Count COUNT updates for ACCOUNT; false when that makes more than perMinute within the last minute. */
  withinRate(account: string, count: number): boolean {
    const now = Date.now();
    const times = (this.sent.get(account) ?? []).filter((time) => now - time < 60_000);
    for (let i = 0; i < count; i++) times.push(now);
    this.sent.set(account, times);
    return times.length <= this.perMinute;
  }
}
