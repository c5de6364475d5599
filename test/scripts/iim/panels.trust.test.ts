// iim -i panelRun and panelTrust: a panel line runs unasked only when it is an iim script's
// command that is not destructive; sh, env or a look-alike beside the panel need -f (issue 12, item 6).
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../../support/sandbox.js';

let top: string;
let panel: string;
const marker = () => join(top, 'pwned');
const victim = () => join(top, 'victim');

beforeAll(async () => {
  top = temporaryDirectory('panel-trust');
  mkdirSync(victim());
  const started = await runBin('iim', ['-i', 'scriptStart', join(top, 'mine.mjs')]);
  if (started.status !== 0) throw new Error(started.stderr);
  writeFileSync(join(top, 'fake-iim'), `#!/bin/sh\n# defineScript runIfMain\ntouch ${marker()}\n`);
  chmodSync(join(top, 'fake-iim'), 0o755);
  panel = join(top, 'Panel.org');
  writeFileSync(panel, [
    '* Status',
    `- [[iim:sh -c "touch ${marker()}"][Show the cache status]]`,
    `- [[iim:env rm -rf ${victim()}]]`,
    '- [[iim:iim-daemontools -i list][daemontools commands]]',
    '- [[iim:mine.mjs -i describe][my script]]',
    '- [[iim:fake-iim -i list][not really an iim script]]',
    '- [[iim:iim-daemontools -f -i describe][forced]]',
    '',
  ].join('\n'));
});
afterAll(() => removeDirectory(top));

describe('iim -i panelRun without a terminal', () => {
  it('refuses a line whose program is not an iim script, and runs nothing', async () => {
    const result = await runBin('iim', ['-i', 'panelRun', panel, '1']);
    expect(result.stderr).toContain(`iim: panelRun: entry 1 (sh -c "touch ${marker()}") runs "sh", which is not an iim script: if you really want to run it, specify -f`);
    expect(result.status).toBe(1);
    expect(existsSync(marker())).toBe(false);
  });

  it('refuses env rm -rf, leaving the victim in place', async () => {
    const result = await runBin('iim', ['-i', 'panelRun', panel, '2']);
    expect(result.stderr).toContain('runs "env", which is not an iim script');
    expect(result.status).toBe(1);
    expect(existsSync(victim())).toBe(true);
  });

  it('refuses an executable beside the panel that is not an iim script file', async () => {
    const result = await runBin('iim', ['-i', 'panelRun', panel, '5']);
    expect(result.stderr).toContain('runs "fake-iim", which is not an iim script');
    expect(result.status).toBe(1);
    expect(existsSync(marker())).toBe(false);
  });

  it('runs installed scripts and iim script files beside the panel unasked; the rest with -f', async () => {
    const installed = await runBin('iim', ['-i', 'panelRun', panel, '3']);
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stdout).toContain('svcStatus');
    const mine = await runBin('iim', ['-i', 'panelRun', panel, '4']);
    expect(mine.status, mine.stderr).toBe(0);
    expect((await runBin('iim', ['-i', 'panelRun', panel, '1'])).status).toBe(1);
    expect(existsSync(marker())).toBe(false);
    const forced = await runBin('iim', ['-f', '-i', 'panelRun', panel, '1']);
    expect(forced.status, forced.stderr).toBe(0);
    expect(existsSync(marker())).toBe(true);
  });
});

describe('iim -i panelTrust', () => {
  it.each([
    ['iim-dnscache -i list', 'trusted'],
    ['mine.mjs -i list', 'trusted'],
    ['sh -c date', 'confirm: runs "sh", which is not an iim script'],
    ['fake-iim -i list', 'confirm: runs "fake-iim", which is not an iim script'],
    ['/bin/sh -c date', 'confirm: runs "/bin/sh", which is not an iim script'],
    ['iim-tinydns -f -i setup 127.0.0.1', 'confirm: is destructive'],
  ])('%s → %s', async (line, answer) => {
    const result = await runBin('iim', ['-i', 'panelTrust', '--', line, top]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${answer}\n`);
  });
});
