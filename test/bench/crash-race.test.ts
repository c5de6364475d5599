// The crash-and-race suite at a size CI can afford (bench/crash-race.mjs runs it bigger, and
// bench/RESULTS.md has those counts): nothing lost, torn, hung or left locked.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/run-bin.js';

describe('bench/crash-race.mjs, bounded', () => {
  it('loses, tears, hangs and leaves locked nothing: concurrent writers, planted locks, kills at random moments, under load', () => {
    const result = spawnSync(process.execPath, [
      join(projectRoot, 'bench', 'crash-race.mjs'), '--json', '--kills', '60', '--writers', '8', '--edits', '30', '--load', '2', '--lines', '50000',
    ], { encoding: 'utf8', timeout: 280_000 });
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { counts: Record<string, Record<string, number>> };
    const phases = Object.entries(report.counts);
    expect(phases.length).toBe(7);
    for (const [phase, c] of phases) {
      expect({ phase, lost: c.lost, torn: c.torn, hung: c.hung, staleLocks: c.staleLocks, leftovers: c.leftovers }).toEqual({
        phase, lost: 0, torn: 0, hung: 0, staleLocks: 0, leftovers: 0,
      });
      expect(c.tried).toBeGreaterThan(0);
    }
    expect(result.status).toBe(0);
  }, 300_000);
});
