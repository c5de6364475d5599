// The terminal menu in a real terminal (tmux) asks before an entry whose program is not an
// iim script: the default no runs nothing, y runs it (issue 12, item 6); the answered question
// and the closed menu read as plain lines, nothing of enquirer's state (issue 13, item 24).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { available } from '../support/programs.js';
import { binPath } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';
import { TmuxSession } from '../support/tmux.js';

const hasTmux = available('tmux');
const terminal = new TmuxSession('menu-confirm');
const work = temporaryDirectory('menu-confirm');
const panel = join(work, 'menu.org');
const marker = join(work, 'pwned');
writeFileSync(panel, [
  '* Cache',
  `- [[iim:sh -c "touch ${marker}"][Show the cache status]]`,
  '- [[iim:iim-daemontools -i list][daemontools commands]]',
  '',
].join('\n'));

afterAll(() => {
  terminal.kill();
  removeDirectory(work);
});

const QUESTION = 'runs "sh", which is not an installed iim script: run it?';

describe.skipIf(!hasTmux)('iim -i panel with an entry nobody vetted', () => {
  it('asks before running it: Enter (no) runs nothing, y runs it', async () => {
    expect(terminal.start(160, 40).status).toBe(0);
    await terminal.clear();
    terminal.type(`node ${binPath('iim')} -i panel ${panel}; echo "EXIT=$?"`);
    terminal.keys('Enter');
    await terminal.waitForScreen('the menu', (text) => text.includes('Show the cache status') && text.includes('daemontools commands'));
    terminal.type('cache status');
    await terminal.waitForScreen('the entry alone', (text) => !text.includes('daemontools commands'));
    terminal.keys('Enter');
    await terminal.waitForScreen('the prefilled line', (text) => text.includes(`‣ sh -c "touch ${marker}"`));
    terminal.keys('Enter');
    await terminal.waitForScreen('the question', (text) => text.includes(QUESTION));
    terminal.keys('Enter'); // the default is no
    await terminal.waitForScreen('the menu again', (text) => new RegExp(`${QUESTION.replace(/[?]/g, '\\?')} [^\\n]*\\n\\? .*menu\\.org`).test(text));
    expect(existsSync(marker)).toBe(false);
    expect(terminal.screen()).toContain(`${QUESTION} no\n`);
    expect(terminal.screen()).not.toMatch(/\(y\/N\)|false/);

    terminal.type('cache status');
    await terminal.waitForScreen('the entry alone again', (text) => !text.split(QUESTION)[1].includes('daemontools commands'));
    terminal.keys('Enter');
    await terminal.waitForScreen('the prefilled line again', (text) => text.split(QUESTION)[1].includes('‣ sh -c'));
    terminal.keys('Enter');
    await terminal.waitForScreen('the question again', (text) => text.split(QUESTION).length === 3);
    terminal.type('y');
    await terminal.waitForScreen('its run', (text) => text.includes(`[sh -c "touch ${marker}": done]`));
    expect(existsSync(marker)).toBe(true);
    expect(terminal.screen()).toContain(`${QUESTION} yes\n`);
    terminal.keys('Escape');
    const after = await terminal.waitForScreen('the shell prompt', (text) => /EXIT=\d+/.test(text));
    expect(after).toContain('EXIT=0');
    expect(after).toMatch(/\n✖ menu closed\nEXIT=0/);
    expect(after).not.toMatch(/\(y\/N\)|true|false|heading \d/);
  });
});
