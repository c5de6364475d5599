import { describe, expect, it } from 'vitest';
import { accountFileText, hashPassword, parseAccountFile, VerifiedPasswords, verifyPassword, verifyPasswordLater } from '../../../lib/dyndns/accounts.js';

describe('dyndns account files', () => {
  it('stores a salted scrypt hash, never the password, and checks it', async () => {
    const hash = hashPassword('a long secret');
    expect(hash).toMatch(/^scrypt:16384:8:1:[A-Za-z0-9+/=]{24}:[A-Za-z0-9+/=]{44}$/);
    expect(hash).not.toContain('a long secret');
    expect(hashPassword('a long secret')).not.toBe(hash);
    expect(verifyPassword('a long secret', hash)).toBe(true);
    expect(verifyPassword('a long secreT', hash)).toBe(false);
    expect(verifyPassword('a long secret', 'scrypt:garbage')).toBe(false);
    expect(await verifyPasswordLater('a long secret', hash)).toBe(true);
    expect(await verifyPasswordLater('a long secreT', hash)).toBe(false);
  });
  it('reads back what it writes', () => {
    const account = { name: 'home', hash: hashPassword('x'.repeat(8)), hostnames: ['a.dyn.test', 'b.dyn.test'] };
    expect(parseAccountFile('home', accountFileText(account))).toEqual(account);
  });
  it('remembers a checked password, and still refuses a wrong one', async () => {
    const verified = new VerifiedPasswords();
    const account = { name: 'home', hash: hashPassword('right password'), hostnames: [] };
    expect(await verified.check(account, 'right password')).toBe(true);
    expect(await verified.check(account, 'right password')).toBe(true);
    expect(await verified.check(account, 'wrong password')).toBe(false);
    expect(await verified.check({ ...account, name: 'other' }, 'wrong password')).toBe(false);
  });
  it('a wrong password for an account whose password is remembered still costs a whole scrypt, as an unknown account does', async () => {
    const verified = new VerifiedPasswords();
    const account = { name: 'home', hash: hashPassword('right password'), hostnames: [] };
    expect(await verified.check(account, 'right password')).toBe(true);
    // scrypt N=2^14 takes ~50 ms here, more on a loaded machine; a remembered digest compares in microseconds.
    const started = performance.now();
    expect(await verified.check(account, 'wrong password')).toBe(false);
    expect(performance.now() - started).toBeGreaterThan(10);
    expect(verified.remembers(account, 'right password')).toBe(true);
    expect(verified.remembers(account, 'wrong password')).toBe(false);
  });
});
