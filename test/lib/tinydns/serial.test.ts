import { describe, expect, it } from 'vitest';
import { nextSerial, soaSerial } from '../../../lib/tinydns/serial.js';

describe('nextSerial', () => {
  it('is now in whole seconds when nothing was compiled, or when the last serial is older', () => {
    expect(nextSerial(1733040000.9, undefined)).toBe(1733040000);
    expect(nextSerial(1733040000.9, 1733039000)).toBe(1733040000);
  });
  it('is one past the last serial within the same second, and past a serial already ahead of now', () => {
    expect(nextSerial(1733040000.2, 1733040000)).toBe(1733040001);
    expect(nextSerial(1733040000.2, 1733040003)).toBe(1733040004);
  });
});

describe('soaSerial', () => {
  it('reads the serial of the SOA answer as tinydns-get and dnsq print it', () => {
    const output = '6 example.test:\n86 bytes, 1+0+0+0 records, response, authoritative, noerror\nquery: 6 example.test\n' +
      'answer: example.test 2560 SOA ns.example.test hostmaster.example.test 1733040007 16384 2048 1048576 2560\n';
    expect(soaSerial(output)).toBe(1733040007);
    expect(soaSerial('6 example.test:\n33 bytes, 1+0+0+0 records, response, noerror\nquery: 6 example.test\n')).toBeUndefined();
  });
});
