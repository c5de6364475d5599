// -n seeRun in a real terminal (tmux): each action is shown, then waits; s skips it, Enter
// runs it, q stops the command with status 1; the same command piped does not wait.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { available } from '../support/programs.js';
import { binPath } from '../support/run-bin.js';
import { removeDirectory, tearDownWorld, temporaryDirectory } from '../support/sandbox.js';
import { makeWorld as makeTinydnsWorld } from '../support/tinydns-world.js';
import { sleep, TmuxSession } from '../support/tmux.js';

const hasTmux = available('tmux');
const terminal = new TmuxSession('seerun');
const work = temporaryDirectory('seerun');
const cache = join(work, 'dnscache');
mkdirSync(join(cache, 'root', 'ip'), { recursive: true });
mkdirSync(join(cache, 'root', 'servers'), { recursive: true });
mkdirSync(join(cache, 'env'), { recursive: true });

const screen = () => terminal.screen();
const waitForScreen = terminal.waitForScreen.bind(terminal);
const keys = terminal.keys.bind(terminal);
const type = terminal.type.bind(terminal);

/** Start `iim-dnscache -n seeRun -i clientAllow PREFIX` and wait for its question. */
async function allow(prefix: string): Promise<void> {
  await terminal.clear();
  type(`node ${binPath('iim-dnscache')} -n seeRun -p dir=${cache} -i clientAllow ${prefix}; echo "EXIT=$?"`);
  keys('Enter');
  await waitForScreen('the question', (text) => text.includes('Enter runs it, s skips it, q stops here:'));
}
const finished = () => waitForScreen('the exit status', (text) => /EXIT=\d+/.test(text));

afterAll(() => {
  terminal.kill();
  removeDirectory(work);
});

describe.skipIf(!hasTmux)('-n seeRun at a terminal', () => {
  it('starts a private tmux server', () => {
    const started = terminal.start(160, 40);
    expect(started.status).toBe(0);
  });

  it('shows the action and waits: s skips it, and nothing is written', async () => {
    await allow('10.9');
    expect(screen()).toContain(`${join(cache, 'root', 'ip', '10.9')}`);
    await sleep(300);
    expect(existsSync(join(cache, 'root', 'ip', '10.9'))).toBe(false); // still waiting
    type('s');
    keys('Enter');
    expect(await finished()).toContain('EXIT=0');
    expect(existsSync(join(cache, 'root', 'ip', '10.9'))).toBe(false);
  });

  it('Enter runs the action', async () => {
    await allow('10.9');
    keys('Enter');
    const after = await finished();
    expect(after).toContain('EXIT=0');
    expect(after).toContain('allowed 10.9');
    expect(existsSync(join(cache, 'root', 'ip', '10.9'))).toBe(true);
  });

  it('q stops the command there with status 1, naming what it did not do', async () => {
    await allow('10.8');
    type('q');
    keys('Enter');
    const after = await finished();
    expect(after).toContain('EXIT=1');
    expect(after).toMatch(/stopped before: .*root\/ip\/10\.8/);
    expect(existsSync(join(cache, 'root', 'ip', '10.8'))).toBe(false);
  });

  it('a skipped step leaves the result line saying it was not all done (recordAdd, tinydns-data skipped)', async () => {
    const world = await makeTinydnsWorld('seerun-skip');
    try {
      await terminal.clear();
      type(`node ${binPath('iim-tinydns')} -n seeRun -p dir=${world.dir} -i recordAdd host a.skip.test 192.0.2.15; echo "EXIT=$?"`);
      keys('Enter');
      const answer = async (what: string, reply: string) => {
        await waitForScreen(what, (text) => text.trimEnd().endsWith('Enter runs it, s skips it, q stops here:') && text.includes(what));
        const count = screen().split('Enter runs it').length;
        type(reply);
        keys('Enter');
        await waitForScreen('the next step', (text) => text.split('Enter runs it').length > count || /EXIT=\d+/.test(text));
      };
      await answer('root/data', ''); // the write runs
      await answer('touch -d', ''); // the serial (data's mtime) moves forward
      await answer('tinydns-data', 's'); // the compile is skipped
      await answer('data.cdb', 's'); // and data.cdb's stamp with it
      const after = await finished();
      expect(after).toContain('EXIT=0');
      expect(after).toMatch(/added and compiled: =a\.skip\.test:192\.0\.2\.15:86400 \(not all done: \d of \d actions shown or skipped, not run\)/);
    } finally {
      tearDownWorld(world.top);
    }
  });

  it('does not wait when its input is not a terminal', () => {
    const piped = spawnSync(process.execPath, [binPath('iim-dnscache'), '-n', 'seeRun', '-p', `dir=${cache}`, '-i', 'clientAllow', '10.7'], {
      encoding: 'utf8', input: '', timeout: 15_000,
    });
    expect(piped.status, piped.stderr).toBe(0);
    expect(piped.stderr).not.toContain('Enter runs it');
    expect(existsSync(join(cache, 'root', 'ip', '10.7'))).toBe(true);
  });
});
