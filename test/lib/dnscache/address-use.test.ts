import { describe, expect, it } from 'vitest';
import { openResolverComplaint, prefixIsPrivate, unusableAddress, validateSendAddress } from '../../../lib/dnscache/address-use.js';

describe('address use', () => {
  it('finds no single host in 0.0.0.0, the broadcast, multicast or reserved addresses', () => {
    expect(['0.0.0.0', '255.255.255.255', '224.0.0.1', '239.255.1.1', '240.0.0.1'].map((ip) => unusableAddress(ip) !== undefined)).toEqual([true, true, true, true, true]);
    expect(unusableAddress('10.0.0.255')).toBeUndefined();
    expect(validateSendAddress('0.0.0.0')).toBe('0.0.0.0');
  });

  it('calls a prefix private only when every address under it is', () => {
    expect(['127', '10', '10.1.2', '172.16', '172.31.9', '192.168', '169.254.1', '100.64'].every(prefixIsPrivate)).toBe(true);
    expect(['1', '8.8', '172', '172.32', '192', '192.169', '100.128', '203.0.113.5'].some(prefixIsPrivate)).toBe(false);
  });

  it('names both halves of an open resolver, and only then', () => {
    expect(openResolverComplaint('203.0.113.5', ['127.0.0.1', '8.8'])).toContain('public address 203.0.113.5 and answer the public client prefix 8.8');
    expect(openResolverComplaint('203.0.113.5', ['127.0.0.1', '10'])).toBeUndefined();
    expect(openResolverComplaint('127.0.0.1', ['1'])).toBeUndefined();
  });
});
