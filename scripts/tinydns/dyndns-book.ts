// The dyndns service's view of its account files: read at each request (so dyndnsAccountAdd
// and dyndnsAccountRemove take effect at once), passwords checked once, updates counted.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword, parseAccountFile, VerifiedPasswords, type Account } from '../../lib/dyndns/accounts.js';

export class AccountBook {
  private readonly verified = new VerifiedPasswords();
  /** A hash no password matches, checked for unknown users so they cost what known ones cost. */
  private readonly decoy = hashPassword(String(Math.random()));
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly dir: string, private readonly perMinute: number) {}

  read(name: string): Account | undefined {
    if (!/^[a-z0-9][a-z0-9_.-]{0,63}$/.test(name)) return undefined;
    try {
      return parseAccountFile(name, readFileSync(join(this.dir, name), 'utf8'));
    } catch {
      return undefined;
    }
  }

  async authenticate(user: string, password: string): Promise<Account | undefined> {
    const account = this.read(user);
    const checked = account ?? { name: '', hash: this.decoy, hostnames: [] };
    const ok = await this.verified.check(checked, password);
    return ok && account && account.hash ? account : undefined;
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
