// A seeded command that the script's own examples already show is listed once, with the
// script's own description (issue 13, item 24: `iim -i panel` was listed twice).
import { describe, expect, it } from 'vitest';
import { runBin } from '../support/run-bin.js';

describe('the seeded chapter of the examples', () => {
  it('iim lists -i panel once, in its own chapter', async () => {
    const result = await runBin('iim', []);
    expect(result.status).toBe(0);
    const panelLines = result.stdout.split('\n').filter((line) => / -i panel +#/.test(line));
    expect(panelLines).toEqual(['iim -h -v -n showRun -i panel  # menu of the index panel']);
    const seeded = result.stdout.split('Seeded Commands')[1];
    expect(seeded).toContain('iim -i describe  # what this script is for');
    expect(seeded).not.toContain('-i panel');
  });

  it('a script that does not show -i panel itself keeps it in the seeded chapter', async () => {
    const result = await runBin('iim-dnscache', []);
    expect(result.status).toBe(0);
    expect(result.stdout.split('Seeded Commands')[1]).toContain('iim-dnscache -i panel  # open its panel');
  });
});
