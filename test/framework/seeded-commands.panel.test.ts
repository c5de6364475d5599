// The seeded -i panel of a script of one's own (issue 13, item 10): it opens the Panel.org
// beside the script, and when there is none it says where it looked and how to make one.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';

let top: string;
let script: string;
beforeAll(async () => {
  top = temporaryDirectory('seeded-panel');
  script = join(top, 'doe-iim.mjs');
  const started = await runBin('iim', ['-i', 'scriptStart', script]);
  if (started.status !== 0) throw new Error(started.stderr);
});
afterAll(() => removeDirectory(top));

const noEmacs = { EMACS_SOCKET_NAME: '/nonexistent/iim-no-server', VISUAL: '', EDITOR: 'echo opened', NO_COLOR: '1' };
const run = (args: string[]) => spawnSync('./doe-iim.mjs', args, { cwd: top, encoding: 'utf8', env: { ...process.env, ...noEmacs }, timeout: 30_000 });

describe('./doe-iim.mjs -i panel', () => {
  it('with no Panel.org beside it: says where it looked and the command that makes one', () => {
    const result = run(['-i', 'panel']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`doe-iim.mjs: panel: doe-iim.mjs has no panel: no ${join(top, 'Panel.org')}; make one with: iim -i panelGenerate ${script} ${join(top, 'Panel.org')}\n`);
  });

  it('opens the Panel.org that iim -i panelGenerate wrote beside it', async () => {
    expect((await runBin('iim', ['-i', 'panelGenerate', './doe-iim.mjs', 'Panel.org'], { cwd: top })).status).toBe(0);
    const result = run(['-i', 'panel']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(`opened ${join(top, 'Panel.org')}\n`);
  });
});
