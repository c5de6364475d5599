import { describe, expect, it } from 'vitest';
import { ByteCounter, FNV_OFFSET, FNV_PRIME, IntCounter } from '../../../../scripts/lib/dnscache/byte-counter.js';

describe('IntCounter', () => {
  it('counts like a Map through many growths, for any 32-bit key', () => {
    const counter = new IntCounter();
    const expected = new Map<number, number>();
    for (let i = 0; i < 50_000; i++) {
      const key = [0, -1, 0xffffffff, 0x7f000001][i % 4] ?? 0;
      const k = i % 5 === 0 ? key : (Math.imul(i % 9973, 2654435761) >>> 0);
      counter.add(k);
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }
    expect(new Map(counter.entries())).toEqual(expected);
  });
});

describe('ByteCounter', () => {
  it('counts byte strings like a Map, including hash collisions and growth', () => {
    const counter = new ByteCounter();
    const expected = new Map<string, number>();
    const hash = (b: Uint8Array) => b.reduce((h, c) => Math.imul(h ^ c, FNV_PRIME), FNV_OFFSET);
    for (let i = 0; i < 40_000; i++) {
      const key = `name${i % 7919}.example.test.`;
      const bytes = Buffer.from(`xx${key}yy`, 'latin1');
      // every third key with a deliberately equal "hash" to force the byte comparison
      const h = i % 3 === 0 ? 42 : hash(bytes.subarray(2, bytes.length - 2));
      counter.add(bytes, 2, bytes.length - 2, h);
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(counter.distinct).toBeGreaterThanOrEqual(7919);
    expect(counter.toMap()).toEqual(expected);
  });
});
