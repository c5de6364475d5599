import { describe, expect, it } from 'vitest';
import {
  DATALIMIT_HEADROOM, validateCacheLimits, validateDnscacheVariable,
} from '../../../lib/dnscache/env-vars.js';

describe('validateDnscacheVariable', () => {
  it('accepts what dnscache-conf writes', () => {
    expect(validateDnscacheVariable('IP', '127.0.0.1')).toBe('127.0.0.1');
    expect(validateDnscacheVariable('IPSEND', '0.0.0.0')).toBe('0.0.0.0');
    expect(validateDnscacheVariable('CACHESIZE', '1000000')).toBe('1000000');
    expect(validateDnscacheVariable('DATALIMIT', '3000000')).toBe('3000000');
    expect(validateDnscacheVariable('ROOT', '/etc/dnscache/root')).toBe('/etc/dnscache/root');
    expect(validateDnscacheVariable('FORWARDONLY', '1')).toBe('1');
  });
  it.each([
    ['IP', '127.0.0', 'bad IP "127.0.0": expected 4 octets, got 3'],
    ['IPSEND', 'any', 'bad IPSEND "any": expected 4 octets, got 1'],
    ['CACHESIZE', '1e6', 'bad CACHESIZE "1e6": expected a plain non-negative integer'],
    ['CACHESIZE', '-1', 'plain non-negative integer'],
    ['CACHESIZE', '01000', 'plain non-negative integer'],
    ['CACHESIZE', '1 000', 'plain non-negative integer'],
    ['CACHESIZE', '99', 'expected 100 to 1000000000 bytes'],
    ['CACHESIZE', '1000000001', 'expected 100 to 1000000000 bytes'],
    ['DATALIMIT', '3M', 'plain non-negative integer'],
    ['ROOT', '', 'bad ROOT ""'],
    ['ROOT', 'a\nb', 'contains a newline'],
    ['FORWARDONLY', '0', 'any value turns forwarding on'],
    ['FORWARDONLY', 'no', 'remove env/FORWARDONLY'],
    ['UID', '0', 'unknown dnscache variable "UID"'],
    ['IP', '127.0.0.1 ', 'ends with a space or tab'],
  ])('refuses %s=%j', (name, value, why) => {
    expect(() => validateDnscacheVariable(name, value)).toThrow(why);
  });
});

describe('validateCacheLimits', () => {
  it('wants DATALIMIT to hold the cache and dnscache itself', () => {
    expect(() => validateCacheLimits(1_000_000, 3_000_000)).not.toThrow();
    expect(() => validateCacheLimits(100_000_000, 104_857_600)).not.toThrow();
    expect(() => validateCacheLimits(1_000_000, 1_000_000 + DATALIMIT_HEADROOM - 1)).toThrow(
      'DATALIMIT 2999999 leaves 1999999 bytes beside CACHESIZE 1000000: expected DATALIMIT >= CACHESIZE + 2000000 (3000000)');
    expect(() => validateCacheLimits(5_000_000, 4_000_000)).toThrow('leaves -1000000 bytes');
  });
});
