// Limits on password checks, since each scrypt costs ~50 ms of a core and 16 MB: failures per
// source address and per account within a minute are answered at once without hashing, and
// only a few hashes run at a time (a full queue is answered at once too).

/** Failures per key (an address, an account) within the last WINDOW ms. */
export class FailureCounts {
  private readonly times = new Map<string, number[]>();

  constructor(readonly limit: number, private readonly windowMs = 60_000) {}

  private recent(key: string, now: number): number[] {
    const kept = (this.times.get(key) ?? []).filter((time) => now - time < this.windowMs);
    if (kept.length) this.times.set(key, kept);
    else this.times.delete(key);
    return kept;
  }

  /** True when KEY has failed LIMIT times within the window: do not even check it. */
  over(key: string, now = Date.now()): boolean {
    return this.recent(key, now).length >= this.limit;
  }

  add(key: string, now = Date.now()): void {
    // A flood of made-up names must not grow the map without end.
    if (this.times.size > 100_000) for (const known of [...this.times.keys()]) this.recent(known, now);
    if (this.times.size > 100_000) this.times.clear();
    this.times.set(key, [...this.recent(key, now), now].slice(-this.limit));
  }
}

/** At most MAX works at a time, QUEUE more waiting; beyond, run() gives undefined at once. */
export class HashSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number, private readonly queue: number) {}

  async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (this.running >= this.max) {
      if (this.waiting.length >= this.queue) return undefined;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
