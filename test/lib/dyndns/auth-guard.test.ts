import { describe, expect, it } from 'vitest';
import { FailureCounts, HashSlots } from '../../../lib/dyndns/auth-guard.js';

describe('limits on password checks', () => {
  it('counts failures per key within the window, and forgets them after it', () => {
    const counts = new FailureCounts(3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(counts.over('127.0.0.9', 1000 + i)).toBe(false);
      counts.add('127.0.0.9', 1000 + i);
    }
    expect(counts.over('127.0.0.9', 2000)).toBe(true);
    expect(counts.over('127.0.0.10', 2000)).toBe(false);
    expect(counts.over('127.0.0.9', 61_003)).toBe(false);
  });
  it('runs at most MAX works at a time, queues QUEUE more, and refuses the rest at once', async () => {
    const slots = new HashSlots(2, 3);
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const work = () =>
      slots.run(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
        return 'checked';
      });
    const started = Array.from({ length: 7 }, work);
    const refused = await Promise.all(started.slice(5));
    expect(refused).toEqual([undefined, undefined]);
    const deadline = Date.now() + 5000;
    let done = 0;
    while (done < 5) {
      if (Date.now() > deadline) throw new Error(`only ${done} of 5 works ran`);
      await new Promise((resolve) => setTimeout(resolve, 1));
      releases.splice(0).forEach((release) => (release(), done++));
    }
    expect(await Promise.all(started.slice(0, 5))).toEqual(Array(5).fill('checked'));
    expect(most).toBe(2);
  });
});
