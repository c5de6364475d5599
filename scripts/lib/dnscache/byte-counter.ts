// Counts of byte strings (query names) without making a JS string per occurrence:
// open addressing on an FNV-1a hash computed by the caller; each key's bytes copied once.

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

// Sized up front for a busy cache's log (16,384 distinct names, 512 KiB of them): growing
// replaces a field, and V8 then throws away the code compiled for the scan loop.
export class ByteCounter {
  private slots = new Int32Array(1 << 15).fill(-1);
  private hashes = new Int32Array(1 << 14);
  private starts = new Int32Array(1 << 14); // into keys
  private lengths = new Int32Array(1 << 14);
  private counts = new Float64Array(1 << 14);
  private keys = new Uint8Array(1 << 19);
  private keysUsed = 0;
  private size = 0;

  /** Count buf[start, end) once; `hash` is FNV-1a of those bytes. */
  add(buf: Uint8Array, start: number, end: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry < 0) break;
      if (this.hashes[entry] === hash && this.sameBytes(entry, buf, start, end)) {
        this.counts[entry]++;
        return;
      }
      slot = (slot + 1) & mask;
    }
    this.insert(slot, buf, start, end, hash);
  }

  private sameBytes(entry: number, buf: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    if (this.lengths[entry] !== length) return false;
    const keys = this.keys;
    const s = this.starts[entry];
    for (let i = 0; i < length; i++) if (keys[s + i] !== buf[start + i]) return false;
    return true;
  }

  private insert(slot: number, buf: Uint8Array, start: number, end: number, hash: number): void {
    if (this.size === this.hashes.length) this.growEntries();
    const length = end - start;
    while (this.keysUsed + length > this.keys.length) {
      const keys = new Uint8Array(this.keys.length * 2);
      keys.set(this.keys);
      this.keys = keys;
    }
    this.keys.set(buf.subarray(start, end), this.keysUsed);
    const entry = this.size++;
    this.hashes[entry] = hash;
    this.starts[entry] = this.keysUsed;
    this.lengths[entry] = length;
    this.counts[entry] = 1;
    this.keysUsed += length;
    this.slots[slot] = entry;
    if (this.size * 2 > this.slots.length) this.rehash();
  }

  private growEntries(): void {
    const n = this.hashes.length * 2;
    const grow = <T extends Int32Array | Float64Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.hashes = grow(this.hashes, new Int32Array(n));
    this.starts = grow(this.starts, new Int32Array(n));
    this.lengths = grow(this.lengths, new Int32Array(n));
    this.counts = grow(this.counts, new Float64Array(n));
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.size; entry++) {
      let slot = this.hashes[entry] & mask;
      while (slots[slot] >= 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }

  get distinct(): number {
    return this.size;
  }

  /** key (latin1) → count; a trailing CR is dropped from keys (CRLF logs). */
  toMap(): Map<string, number> {
    const map = new Map<string, number>();
    const keys = Buffer.from(this.keys.buffer, this.keys.byteOffset, this.keysUsed);
    for (let entry = 0; entry < this.size; entry++) {
      const start = this.starts[entry];
      let end = start + this.lengths[entry];
      if (end > start && keys[end - 1] === 13) end--;
      const key = keys.toString('latin1', start, end);
      map.set(key, (map.get(key) ?? 0) + this.counts[entry]);
    }
    return map;
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
