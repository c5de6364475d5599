import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../../../lib/invalid-input.js';
import { validateClientPrefix, validateIPv4, validateServersDomain } from '../../../lib/dnscache/prefix.js';

describe('validateClientPrefix', () => {
  it('accepts 1 to 4 whole octets', () => {
    for (const p of ['127', '10.1', '10.1.2', '127.0.0.1', '0', '255.255.255.255']) expect(validateClientPrefix(p)).toBe(p);
  });
  it.each([
    ['', 'empty'],
    ['1.2.3.4.5', 'expected 1 to 4 octets, got 5'],
    ['10.', 'empty octet'],
    ['.10', 'empty octet'],
    ['10..1', 'empty octet'],
    ['256', 'octet 256 > 255'],
    ['010', 'octet "010" has a leading zero'],
    ['00', 'leading zero'],
    ['..', 'empty octet'],
    ['../x', 'empty octet'],
    ['1/x', 'octet "1/x" is not a number 0-255'],
    ['1.2.3.x', 'octet "x" is not a number 0-255'],
    ['+1', 'is not a number 0-255'],
    [' 1', 'is not a number 0-255'],
  ])('refuses %j (%s)', (prefix, why) => {
    expect(() => validateClientPrefix(prefix)).toThrow(InvalidInput);
    expect(() => validateClientPrefix(prefix)).toThrow(why);
  });
  it('quotes the value and says what is wrong, in the words of lib/names.ts', () => {
    expect(() => validateClientPrefix('10.0.0.256')).toThrow('bad client prefix "10.0.0.256": octet 256 > 255');
  });
  it('reads a CIDR prefix of whole octets as the prefix to write', () => {
    expect(() => validateClientPrefix('10.0.2.0/24')).toThrow('bad client prefix "10.0.2.0/24": prefixes are whole octets, not CIDR: for 10.0.2.0/24 write 10.0.2');
    expect(() => validateClientPrefix('10/8')).toThrow('for 10/8 write 10');
    expect(() => validateClientPrefix('10.0.16.0/20')).toThrow('/20 is not a whole number of octets');
  });
});

describe('validateIPv4', () => {
  it('wants exactly four octets, as every script does', () => {
    expect(validateIPv4('127.61.0.2')).toBe('127.61.0.2');
    expect(() => validateIPv4('127.0.1')).toThrow('bad IP "127.0.1": expected 4 octets, got 3');
    expect(() => validateIPv4('10.0.0.256')).toThrow('octet 256 > 255');
    expect(() => validateIPv4('10.0.0.01')).toThrow('octet "01" has a leading zero');
  });
});

describe('validateServersDomain', () => {
  it('accepts @ and domains, lowercased, without their trailing dot', () => {
    for (const d of ['@', 'corp.test', 'moon.af.mil', 'a-b_c.example', '10.in-addr.arpa', `${'a'.repeat(63)}.test`]) {
      expect(validateServersDomain(d)).toBe(d);
    }
    expect(validateServersDomain('Corp.Test')).toBe('corp.test');
    expect(validateServersDomain('corp.test.')).toBe('corp.test');
  });
  it.each([
    ['', 'empty'],
    ['a..b', 'empty label'],
    ['.hidden', 'empty label'],
    ['..', 'empty label'],
    ['../servers', 'bad domain name "../servers": empty label'],
    ['a/b', 'character "/" not allowed'],
    ['a b', 'character " " not allowed'],
    ['@x', 'character "@" not allowed'],
    ['*.corp.test', 'character "*" not allowed'],
    ['-a.test', 'label "-a" starts with "-"'],
    [`${'a'.repeat(64)}.test`, 'is 64 bytes > 63'],
    [Array(64).fill('abc').join('.'), '255 bytes > 253'],
  ])('refuses %j (%s)', (domain, why) => {
    expect(() => validateServersDomain(domain)).toThrow(why);
  });
});
