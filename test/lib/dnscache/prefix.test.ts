import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../../../lib/invalid-input.js';
import { validateClientPrefix, validateIPv4, validateServersDomain } from '../../../lib/dnscache/prefix.js';

describe('validateClientPrefix', () => {
  it('accepts 1 to 4 whole octets', () => {
    for (const p of ['127', '10.1', '10.1.2', '127.0.0.1', '0', '255.255.255.255']) expect(validateClientPrefix(p)).toBe(p);
  });
  it.each([
    ['', 'empty'],
    ['1.2.3.4.5', '5 parts'],
    ['10.', 'empty part'],
    ['.10', 'empty part'],
    ['10..1', 'empty part'],
    ['256', 'octet 256 > 255'],
    ['010', 'leading zero in "010"'],
    ['00', 'leading zero'],
    ['..', 'empty part'],
    ['../x', 'empty part'],
    ['1/x', 'is not a decimal number'],
    ['10/8', 'is not a decimal number'],
    ['1.2.3.x', '"x" is not a decimal number'],
    ['+1', 'is not a decimal number'],
    [' 1', 'is not a decimal number'],
  ])('refuses %j (%s)', (prefix, why) => {
    expect(() => validateClientPrefix(prefix)).toThrow(InvalidInput);
    expect(() => validateClientPrefix(prefix)).toThrow(why);
  });
  it('quotes the value and says what is expected', () => {
    expect(() => validateClientPrefix('10.0.0.256')).toThrow(
      'bad client prefix "10.0.0.256": octet 256 > 255; expected 1 to 4 dotted octets like 127 or 10.1.2 (dnscache matches whole octets)');
  });
});

describe('validateIPv4', () => {
  it('wants exactly four octets', () => {
    expect(validateIPv4('127.61.0.2')).toBe('127.61.0.2');
    expect(() => validateIPv4('127.0.1')).toThrow('bad IP "127.0.1": 3 parts; expected an IPv4 address like 127.0.0.1');
    expect(() => validateIPv4('10.0.0.256')).toThrow('octet 256 > 255');
  });
});

describe('validateServersDomain', () => {
  it('accepts @ and lower-case domains', () => {
    for (const d of ['@', 'corp.test', 'moon.af.mil', 'a-b_c.example', '10.in-addr.arpa', `${'a'.repeat(63)}.test`]) {
      expect(validateServersDomain(d)).toBe(d);
    }
  });
  it.each([
    ['', 'empty'],
    ['corp.test.', 'trailing dot'],
    ['Corp.Test', 'upper case (use "corp.test")'],
    ['a..b', 'empty label'],
    ['.hidden', 'empty label'],
    ['..', 'trailing dot'],
    ['a/b', 'outside a-z 0-9 - _'],
    ['a b', 'outside'],
    ['@x', 'outside'],
    [`${'a'.repeat(64)}.test`, 'label of 64 characters > 63'],
    [Array(64).fill('abc').join('.'), '255 characters > 253'],
  ])('refuses %j (%s)', (domain, why) => {
    expect(() => validateServersDomain(domain)).toThrow(why);
  });
});
