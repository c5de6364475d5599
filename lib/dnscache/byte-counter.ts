// Counts of byte strings (query names) without making a JS string per occurrence:
// open addressing on an FNV-1a hash computed by the caller; each key's bytes copied once.

/** Most first; ties by key, so reports are stable. */
export const byCountDescending = (a: [string, number], b: [string, number]): number =>
  b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

// One table of slots, four Int32 each (hash, where the key starts in `keys` plus one, its
// length, its count), so a lookup touches one cache line and the key's bytes. Sized up front
// for a busy cache's log (16,384 distinct names, 512 KiB of them): growing replaces a field,
// and V8 then throws away the code compiled for the scan loop.
const HASH = 0, KEY = 1, LENGTH = 2, COUNT = 3, SLOT = 4;

export class ByteCounter {
  private table = new Int32Array(SLOT << 15);
  /** Where each key's slot is, in the order keys came: reports walk these, not the table. */
  private used = new Int32Array(1 << 14);
  private keys = new Uint8Array(1 << 19);
  private keysUsed = 0;
  private size = 0;

  /** Count buf[start, end) once; `hash` is FNV-1a of those bytes. */
  add(buf: Uint8Array, start: number, end: number, hash: number): void {
    const table = this.table;
    const mask = table.length - 1;
    const length = end - start;
    let at = (hash << 2) & mask;
    for (;;) {
      const key = table[at + KEY];
      if (key === 0) break;
      if (table[at + HASH] === hash && table[at + LENGTH] === length && this.sameBytes(key - 1, buf, start, length)) {
        table[at + COUNT]++;
        return;
      }
      at = (at + SLOT) & mask;
    }
    this.insert(at, buf, start, end, hash);
  }

  private sameBytes(keyStart: number, buf: Uint8Array, start: number, length: number): boolean {
    const keys = this.keys;
    for (let i = 0; i < length; i++) if (keys[keyStart + i] !== buf[start + i]) return false;
    return true;
  }

  private insert(at: number, buf: Uint8Array, start: number, end: number, hash: number): void {
    const length = end - start;
    while (this.keysUsed + length > this.keys.length) {
      const keys = new Uint8Array(this.keys.length * 2);
      keys.set(this.keys);
      this.keys = keys;
    }
    const keys = this.keys;
    for (let i = 0, to = this.keysUsed; i < length; i++) keys[to + i] = buf[start + i];
    const table = this.table;
    table[at + HASH] = hash;
    table[at + KEY] = this.keysUsed + 1;
    table[at + LENGTH] = length;
    table[at + COUNT] = 1;
    this.keysUsed += length;
    this.used[this.size] = at;
    // at most half the slots in use, and `used` (half as long as the slots) never full
    if (++this.size * 2 * SLOT >= table.length) this.grow();
  }

  private grow(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const used = new Int32Array(this.used.length * 2);
    const mask = table.length - 1;
    for (let i = 0; i < this.size; i++) {
      const from = this.used[i];
      let at = (old[from + HASH] << 2) & mask;
      while (table[at + KEY] !== 0) at = (at + SLOT) & mask;
      table.set(old.subarray(from, from + SLOT), at);
      used[i] = at;
    }
    this.table = table;
    this.used = used;
  }

  get distinct(): number {
    return this.size;
  }

  /** Every key (latin1) with its count, in the order keys first came. */
  toMap(): Map<string, number> {
    const map = new Map<string, number>();
    for (let i = 0; i < this.size; i++) map.set(this.keyAt(this.used[i]), this.table[this.used[i] + COUNT]);
    return map;
  }

  /**
   * The n most counted keys, most first, ties by key; only those become strings (a busy
   * log has thousands of names, a report shows ten).
   */
  top(n: number): Array<[string, number]> {
    if (n <= 0 || this.size === 0) return [];
    const table = this.table;
    const slots = this.used.subarray(0, this.size);
    const counts = new Float64Array(this.size);
    for (let i = 0; i < slots.length; i++) counts[i] = table[slots[i] + COUNT];
    counts.sort();
    const least = counts[Math.max(0, counts.length - n)];
    const best: Array<[string, number]> = [];
    for (const at of slots) if (table[at + COUNT] >= least) best.push([this.keyAt(at), table[at + COUNT]]);
    return best.sort(byCountDescending).slice(0, n);
  }

  private keyAt(at: number): string {
    const start = this.table[at + KEY] - 1;
    return Buffer.from(this.keys.buffer, this.keys.byteOffset + start, this.table[at + LENGTH]).toString('latin1');
  }
}

/** Counts of 32-bit unsigned keys (IPv4 addresses): open addressing, no boxing per lookup. */
export class IntCounter {
  private bits = 10;
  private keys = new Float64Array(1 << 10);
  private counts = new Float64Array(1 << 10); // 0 marks an empty slot
  private size = 0;

  /** Fibonacci hashing: the top `bits` bits of key * 2^32/phi. */
  private slotOf(key: number): number {
    return Math.imul(key | 0, 0x9e3779b1) >>> (32 - this.bits);
  }

  add(key: number): void {
    const mask = this.keys.length - 1;
    let slot = this.slotOf(key);
    while (this.counts[slot] !== 0) {
      if (this.keys[slot] === key) {
        this.counts[slot]++;
        return;
      }
      slot = (slot + 1) & mask;
    }
    this.keys[slot] = key;
    this.counts[slot] = 1;
    if (++this.size * 2 > this.keys.length) this.grow();
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    this.bits++;
    this.keys = new Float64Array(1 << this.bits);
    this.counts = new Float64Array(1 << this.bits);
    const mask = this.keys.length - 1;
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldCounts[i] === 0) continue;
      let slot = this.slotOf(oldKeys[i]);
      while (this.counts[slot] !== 0) slot = (slot + 1) & mask;
      this.keys[slot] = oldKeys[i];
      this.counts[slot] = oldCounts[i];
    }
  }

  entries(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < this.keys.length; i++) if (this.counts[i] !== 0) out.push([this.keys[i], this.counts[i]]);
    return out;
  }
}
