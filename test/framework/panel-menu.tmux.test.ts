// The terminal menu in a real terminal (tmux): draws, filters, edits then runs an entry,
// asks before a destructive one, and quits cleanly on Escape and Ctrl-C.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { available } from '../support/programs.js';
import { binPath } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';
import { TmuxSession } from '../support/tmux.js';

const hasTmux = available('tmux');
const terminal = new TmuxSession('menu');
const work = temporaryDirectory('menu');
const panel = join(work, 'menu.org');
writeFileSync(panel, [
  '* Status',
  '- [[iim:iim-daemontools -i list][daemontools commands]]',
  '- [[iim:iim-tinydns -i list][tinydns commands]]',
  '* Danger',
  '- [[iim:iim-daemontools -f -i describe][forced describe]]',
  '',
].join('\n'));

const screen = () => terminal.screen();
const waitForScreen = terminal.waitForScreen.bind(terminal);
const keys = terminal.keys.bind(terminal);
const type = terminal.type.bind(terminal);

async function startMenu(): Promise<void> {
  await terminal.clear();
  type(`node ${binPath('iim')} -i panel ${panel}; echo "EXIT=$?"; stty -a | grep -o -- '-\\?icanon -\\?[a-z]* *-\\?echo '`);
  keys('Enter');
  await waitForScreen('the whole menu', (text) => text.includes('tinydns commands') && text.includes('forced describe'));
}

afterAll(() => {
  terminal.kill();
  removeDirectory(work);
});

describe.skipIf(!hasTmux)('iim -i panel in a terminal', () => {
  it('starts a private tmux server', () => {
    const started = terminal.start(120, 40);
    expect(started.status).toBe(0);
  });

  const quitsCleanly = async () => {
    const after = await waitForScreen('the shell prompt', (text) => /EXIT=\d+/.test(text) && text.trimEnd().endsWith('READY$'));
    expect(after).toContain('EXIT=0');
    expect(after).toMatch(/\nicanon [a-z ]*(?<!-)echo *\nREADY\$/);
  };

  it('draws the entries under their headings, typing narrows them, Escape quits with the terminal restored', async () => {
    await startMenu();
    expect(screen()).toMatch(/Status\n +daemontools commands +— iim-daemontools -i list\n +tinydns commands +— iim-tinydns -i list\nDanger\n +forced describe/);
    type('tinydns');
    const narrowed = await waitForScreen('the filter', (text) => text.includes('tinydns commands') && !text.includes('daemontools commands'));
    expect(narrowed).toContain('tinydns commands');
    expect(narrowed).not.toContain('Danger');
    keys('BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace');
    await waitForScreen('all entries again', (text) => text.includes('daemontools commands') && text.includes('forced describe'));
    keys('Escape');
    await quitsCleanly();
    expect(screen()).toMatch(/\n✖ menu closed\nEXIT=0/);
    expect(screen()).not.toMatch(/heading \d/);
  });

  it('Enter shows the prefilled line, Enter runs it with its output, then the menu again; Ctrl-C quits', async () => {
    await startMenu();
    type('tinydns comm');
    await waitForScreen('one entry', (text) => text.includes('tinydns commands') && !text.includes('daemontools commands'));
    keys('Enter');
    await waitForScreen('the prefilled line', (text) => /Run \(edit.*\) ‣ iim-tinydns -i list/.test(text));
    keys('Enter');
    const ran = await waitForScreen('the menu after its output', (text) => /\[iim-tinydns -i list: done\]\n\? .*menu\.org/.test(text));
    const expected = spawnSync(process.execPath, [binPath('iim-tinydns'), '-i', 'list'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }).stdout;
    expect(ran).toContain(expected.split('\n')[0]);
    keys('C-c');
    await quitsCleanly();
  });

  it('the prefilled line can be edited before it runs', async () => {
    await startMenu();
    type('daemontools comm');
    await waitForScreen('one entry', (text) => text.includes('daemontools commands') && !text.includes('tinydns commands'));
    keys('Enter');
    await waitForScreen('the prefilled line', (text) => text.includes('‣ iim-daemontools -i list'));
    keys('BSpace', 'BSpace', 'BSpace', 'BSpace');
    type('params');
    keys('Enter');
    const ran = await waitForScreen('its output', (text) => text.includes('[iim-daemontools -i params: done]'));
    expect(ran).toMatch(/svcBase +.*= "\/var\/lib\/iim\/services" \(default\)/);
    keys('Escape');
    await quitsCleanly();
  });

  it('asks before a destructive entry: no goes back to the menu, yes runs it', async () => {
    await startMenu();
    type('forced');
    await waitForScreen('the forced entry alone', (text) => text.includes('forced describe') && !text.includes('tinydns commands'));
    keys('Enter');
    await waitForScreen('the prefilled line', (text) => text.includes('‣ iim-daemontools -f -i describe'));
    keys('Enter');
    await waitForScreen('the question', (text) => text.includes('iim-daemontools -f -i describe is destructive: run it?'));
    keys('Enter'); // the default is no
    const refused = await waitForScreen('the menu again', (text) => /destructive: run it\? [^\n]*\n\? .*menu\.org/.test(text));
    expect(refused).not.toContain('Drives the real daemontools programs');
    type('forced');
    await waitForScreen('the forced entry alone', (text) => {
      const sinceQuestion = text.split('run it?')[1];
      return sinceQuestion.includes('forced describe') && !sinceQuestion.includes('tinydns commands');
    });
    keys('Enter');
    await waitForScreen('the prefilled line', (text) => text.split('run it?')[1].includes('‣ iim-daemontools -f -i describe'));
    keys('Enter');
    await waitForScreen('the question again', (text) => text.split('destructive: run it?').length === 3);
    type('y');
    await waitForScreen('its output', (text) => text.includes('Drives the real daemontools programs'));
    await waitForScreen('the menu again', (text) => /\[iim-daemontools -f -i describe: done\]\n\? /.test(text));
    keys('Escape');
    await quitsCleanly();
  });
});
