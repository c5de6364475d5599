import { describe, expect, it } from 'vitest';
import {
  InvalidInput,
  formatIPv6,
  parseDomainName,
  parseIPv4,
  parseIPv4Prefix,
  parseIPv6,
  parseNumber,
  parseTtl,
} from '../../lib/names.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('parseDomainName', () => {
  it('lowercases and drops one trailing dot', () => {
    expect(parseDomainName('WWW.Example.TEST.')).toBe('www.example.test');
    expect(parseDomainName('*.example.test')).toBe('*.example.test');
    expect(parseDomainName('_sip._tcp.example.test')).toBe('_sip._tcp.example.test');
  });

  it.each([
    ['', 'bad domain name "": empty'],
    ['a..b', 'bad domain name "a..b": empty label'],
    ['.a', 'bad domain name ".a": empty label'],
    ['../etc', 'bad domain name "../etc": empty label'],
    ['a/b', 'bad domain name "a/b": character "/" not allowed (expected letters, digits, "-", "_", or "*" as the whole first label)'],
    ['a:b', 'bad domain name "a:b": character ":" not allowed (expected letters, digits, "-", "_", or "*" as the whole first label)'],
    ['a\nb', 'bad domain name "a\\nb": character "\\n" not allowed (expected letters, digits, "-", "_", or "*" as the whole first label)'],
    ['a.*.b', 'bad domain name "a.*.b": character "*" not allowed (expected letters, digits, "-", "_", or "*" as the whole first label)'],
    ['x'.repeat(64) + '.test', `bad domain name "${'x'.repeat(64)}.test": label "${'x'.repeat(64)}" is 64 bytes > 63`],
    [Array(26).fill('abcdefghi').join('.'), `bad domain name "${Array(26).fill('abcdefghi').join('.')}": 259 bytes > 253`],
    ['-a.test', 'bad domain name "-a.test": label "-a" starts with "-"'],
    ['a-.test', 'bad domain name "a-.test": label "a-" ends with "-"'],
    ['10.0.2.1', 'bad domain name "10.0.2.1": its last label "1" is all digits (an address is not a name)'],
  ])('refuses %j', (value, message) => {
    expect(() => parseDomainName(value)).toThrow(new InvalidInput(message));
  });

  it('accepts a 253-byte name and 63-byte labels', () => {
    const name = ['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(61)].join('.');
    expect(name.length).toBe(253);
    expect(parseDomainName(name)).toBe(name);
  });
});

describe('parseIPv4', () => {
  it('refuses a leading zero, which tinydns-data reads as decimal and other tools as octal', () => {
    expect(() => parseIPv4('010.1.1.1')).toThrow(
      new InvalidInput('bad IP "010.1.1.1": octet "010" has a leading zero (tinydns-data reads it as decimal 10, other tools as octal): write 10'),
    );
    expect(() => parseIPv4('10.000.0.1')).toThrow(/octet "000" has a leading zero/);
    expect(parseIPv4('10.0.0.1')).toBe('10.0.0.1');
  });
  it.each([
    ['10.0.0.256', 'bad IP "10.0.0.256": octet 256 > 255'],
    ['10.0.0', 'bad IP "10.0.0": expected 4 octets, got 3'],
    ['10.0.0.1.2', 'bad IP "10.0.0.1.2": expected 4 octets, got 5'],
    ['10.0.x.1', 'bad IP "10.0.x.1": octet "x" is not a number 0-255'],
    ['10.0.0.-1', 'bad IP "10.0.0.-1": octet "-1" is not a number 0-255'],
    ['', 'bad IP "": expected 4 octets, got 1'],
  ])('refuses %j', (value, message) => {
    expect(() => parseIPv4(value)).toThrow(new InvalidInput(message));
  });
});

describe('parseIPv4Prefix', () => {
  it('takes 1 to 4 whole octets, with the octet rules of parseIPv4', () => {
    expect(parseIPv4Prefix('10.0.2')).toBe('10.0.2');
    expect(() => parseIPv4Prefix('10.00.2')).toThrow('octet "00" has a leading zero');
    expect(() => parseIPv4Prefix('1.2.3.4.5')).toThrow('bad prefix "1.2.3.4.5": expected 1 to 4 octets, got 5');
  });
  it('answers CIDR with the prefix it means', () => {
    expect(() => parseIPv4Prefix('10.0.2.0/24', 'client prefix')).toThrow(
      new InvalidInput('bad client prefix "10.0.2.0/24": prefixes are whole octets, not CIDR: for 10.0.2.0/24 write 10.0.2'));
  });
});

describe('parseIPv6', () => {
  it.each([
    ['2001:db8::1', '20010db8000000000000000000000001', '2001:db8::1'],
    ['::', '00000000000000000000000000000000', '::'],
    ['::1', '00000000000000000000000000000001', '::1'],
    ['fe80::', 'fe800000000000000000000000000000', 'fe80::'],
    ['2001:DB8:0:0:1:0:0:1', '20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
    ['::ffff:192.0.2.1', '00000000000000000000ffffc0000201', '::ffff:c000:201'],
    ['64:ff9b::10.0.0.1', '0064ff9b00000000000000000a000001', '64:ff9b::a00:1'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008', '1:2:3:4:5:6:7:8'],
    ['1:0:3:4:5:6:7:8', '00010000000300040005000600070008', '1:0:3:4:5:6:7:8'],
  ])('reads %s', (text, bytes, canonical) => {
    expect(hex(parseIPv6(text))).toBe(bytes);
    expect(formatIPv6(parseIPv6(text))).toBe(canonical);
  });

  it.each([
    ['1::2::3', 'bad IPv6 address "1::2::3": "::" may appear only once'],
    ['1:2:3', 'bad IPv6 address "1:2:3": expected 8 groups, got 3'],
    ['1:2:3:4:5:6:7:8:9', 'bad IPv6 address "1:2:3:4:5:6:7:8:9": expected 8 groups, got 9'],
    ['1:2:3:4::5:6:7:8', 'bad IPv6 address "1:2:3:4::5:6:7:8": "::" must stand for at least one zero group'],
    ['12345::', 'bad IPv6 address "12345::": group "12345" is not 1 to 4 hex digits'],
    ['fe80::1%eth0', 'bad IPv6 address "fe80::1%eth0": expected hex groups separated by ":" (and an optional dotted IPv4 tail)'],
    ['::1.2.3.256', 'bad IPv6 address "::1.2.3.256": embedded IPv4 "1.2.3.256": octet 256 > 255'],
    ['10.0.0.1', 'bad IPv6 address "10.0.0.1": expected 8 groups, got 2'],
  ])('refuses %j', (value, message) => {
    expect(() => parseIPv6(value)).toThrow(new InvalidInput(message));
  });
});

describe('numbers', () => {
  it('reads TTLs 0..4294967295, digits only', () => {
    expect(parseTtl('0')).toBe(0);
    expect(parseTtl('4294967295')).toBe(4294967295);
    expect(() => parseTtl('4294967296')).toThrow('bad TTL "4294967296": 4294967296 > 4294967295');
    expect(() => parseTtl('1e3')).toThrow('bad TTL "1e3": expected a number 0-4294967295');
    expect(() => parseTtl(' 1')).toThrow('bad TTL " 1": expected a number 0-4294967295');
    expect(() => parseTtl('')).toThrow('bad TTL "": expected a number 0-4294967295');
  });
  it('reads bounded numbers', () => {
    expect(() => parseNumber('65536', 'SRV port', 65535)).toThrow('bad SRV port "65536": 65536 > 65535');
  });
});
