import { describe, expect, it } from 'vitest';
import { caaRdata, genericDataOf, parseGenericData, parseGenericType, readCaa } from '../../../lib/tinydns/record-rdata.js';

describe('generic-line rdata', () => {
  it('writes CAA as RFC 8659 bytes (flags, tag length, tag, value) and reads them back', () => {
    const rdata = caaRdata(128, 'issue', 'letsencrypt.org');
    expect(Buffer.from(rdata).toString('latin1')).toBe('\x80\x05issueletsencrypt.org');
    expect(readCaa(rdata)).toEqual({ flags: 128, tag: 'issue', value: 'letsencrypt.org' });
    expect(() => caaRdata(0, 'is sue', 'x')).toThrow('bad CAA tag "is sue": expected 1 to 15 letters or digits (issue, issuewild, iodef)');
    expect(() => caaRdata(256, 'issue', 'x')).toThrow('bad CAA flags "256"');
    expect(readCaa(Uint8Array.from([0, 0]))).toBeUndefined();
  });

  it('reads RFC 3597 data, hex split or not, and refuses a length that does not match', () => {
    expect(parseGenericData('\\# 4 0a 00 00 01')).toBe('\\# 4 0A000001');
    expect(parseGenericData('\\# 0')).toBe('\\# 0');
    expect(genericDataOf(Uint8Array.from([10, 0, 0, 1]))).toBe('\\# 4 0A000001');
    expect(() => parseGenericData('\\# 5 0a000001')).toThrow('bad generic data "\\\\# 5 0a000001": 5 bytes announced, 4 given');
    expect(() => parseGenericData('0a000001')).toThrow('expected \\# LEN HEX (RFC 3597)');
    expect(() => parseGenericData('\\# 2 abc')).toThrow('an odd number of hex digits');
  });

  it('takes a type as a number or TYPEnn, and refuses 0, query-only types and numbers above 65535', () => {
    expect(parseGenericType('99')).toBe(99);
    expect(parseGenericType('TYPE65280')).toBe(65280);
    for (const bad of ['0', '255', '65536', 'TXT', '']) expect(() => parseGenericType(bad)).toThrow('bad record type');
  });
});
