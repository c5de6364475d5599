import { describe, expect, it } from 'vitest';
import { ByteCounter, FNV_OFFSET, FNV_PRIME, IntCounter } from '../../../lib/dnscache/byte-counter.js';

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
      const n = i % 7919;
      const key = `name${n}.example.test.`;
      const bytes = Buffer.from(`xx${key}yy`, 'latin1');
      // one key in 20 with a deliberately equal "hash", to force the byte comparison
      const h = n % 20 === 0 ? 42 : hash(bytes.subarray(2, bytes.length - 2));
      counter.add(bytes, 2, bytes.length - 2, h);
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(counter.distinct).toBe(7919);
    expect(counter.toMap()).toEqual(expected);
  });

  it('keeps every key and its whole count through several growths (a log with 100,000 names)', () => {
    const counter = new ByteCounter();
    const hash = (b: Uint8Array) => b.reduce((h, c) => Math.imul(h ^ c, FNV_PRIME), FNV_OFFSET);
    const keys = Array.from({ length: 100_000 }, (_, i) => Buffer.from(`host${i}.example.test.`, 'latin1'));
    for (let round = 0; round < 3; round++) for (const key of keys) counter.add(key, 0, key.length, hash(key));
    expect(counter.distinct).toBe(100_000);
    const counts = counter.toMap();
    expect(counts.size).toBe(100_000);
    expect([...counts.values()].every((n) => n === 3)).toBe(true);
    expect(counts.get('host99999.example.test.')).toBe(3);
  });

  it('gives the most counted keys, most first, ties by key', () => {
    const counter = new ByteCounter();
    const add = (key: string, times: number) => {
      const bytes = Buffer.from(key, 'latin1');
      for (let i = 0; i < times; i++) counter.add(bytes, 0, bytes.length, hash(bytes));
    };
    const hash = (b: Uint8Array) => b.reduce((h, c) => Math.imul(h ^ c, FNV_PRIME), FNV_OFFSET);
    add('c.test.', 5);
    add('a.test.', 2);
    add('b.test.', 2);
    add('d.test.', 1);
    expect(counter.top(3)).toEqual([['c.test.', 5], ['a.test.', 2], ['b.test.', 2]]);
    expect(counter.top(10)).toHaveLength(4);
    expect(counter.top(0)).toEqual([]);
    expect(new ByteCounter().top(5)).toEqual([]);
  });
});
