// The help, command list and examples each script prints, compared with stored text, so a
// change to what users read shows up as a diff in review (update with `npx vitest -u`).
import { describe, expect, it } from 'vitest';
import { runBin } from './support/run-bin.js';

const BINS = ['iim', 'iim-daemontools', 'iim-tinydns', 'iim-dnscache'];
const VIEWS: Array<[string, string[]]> = [
  ['help', ['--help']],
  ['list', ['-i', 'list']],
  ['examples', []],
];
// Defaults that come from the environment (the lab under ~/.local/state) are fixed here.
const env = { HOME: '/home/sysadmin', XDG_STATE_HOME: undefined, NO_COLOR: '1' };

describe.each(BINS)('%s prints', (bin) => {
  it.each(VIEWS)('%s as stored', async (view, args) => {
    const result = await runBin(bin, args, { env });
    expect(result.status).toBe(0);
    await expect(result.stdout).toMatchFileSnapshot(`./scripts/__snapshots__/${bin}.${view}.txt`);
  });
});
