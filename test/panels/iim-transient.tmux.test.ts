// M-x iim in a real `emacs -nw` under tmux, as the README shows it: iim-tinydns → showOnly →
// recordAdd → the plan in *iim*; then staged and run for real; then F11 on a panel link.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available } from '../support/programs.js';
import { projectRoot } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';
import { TmuxSession } from '../support/tmux.js';

const terminal = new TmuxSession('emacs-iim');
let top: string;
let dir: string;
const pidFile = () => join(top, 'emacs.pid');

function emacsPid(): number | undefined {
  return existsSync(pidFile()) ? Number(readFileSync(pidFile(), 'utf8')) : undefined;
}

beforeAll(() => {
  top = temporaryDirectory('emacs-iim-menu');
  dir = join(top, 'tinydns');
  mkdirSync(join(dir, 'root'), { recursive: true });
  writeFileSync(join(dir, 'root', 'data'), '');
  writeFileSync(join(top, 'Panel.org'), [
    '* Records',
    `- [[iim:iim-tinydns -p dir=${dir} -i recordAdd host ftp.example.test 10.1.2.4][add ftp]]`,
    '',
    '# Local Variables:',
    '# iim-panel: t',
    '# End:',
    '',
  ].join('\n'));
});

afterAll(() => {
  const pid = emacsPid();
  if (pid) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  terminal.kill();
  removeDirectory(top);
});

/** The last line of the screen that is not blank (the minibuffer when a prompt is open). */
const lastLine = (text: string) => text.split('\n').filter((line) => line.trim()).pop() ?? '';
/** The screen with Emacs's continuation lines (a \\ at the right edge) joined. */
const unwrapped = (text: string) => text.replace(/\\\n/g, '');
const data = () => readFileSync(join(dir, 'root', 'data'), 'utf8');

/** M-x iim, then iim-tinydns at the script prompt: the screen once the menu shows what READY looks for. */
async function openTinydnsMenu(ready: (text: string) => boolean): Promise<string> {
  terminal.keys('M-x');
  terminal.type('iim');
  terminal.keys('Enter');
  await terminal.waitForScreen('the script prompt', (text) => text.includes('iim script:'), 30_000);
  terminal.type('iim-tinydns');
  terminal.keys('Enter');
  return terminal.waitForScreen('the menu', ready, 60_000);
}

/** =d in the menu: the dir parameter set to this test's tinydns directory. */
async function setDir(): Promise<void> {
  terminal.type('=d');
  await terminal.waitForScreen('the dir prompt', (text) => lastLine(text).startsWith('dir:'), 30_000);
  terminal.type(dir);
  terminal.keys('Enter');
  await terminal.waitForScreen('dir set', (text) => unwrapped(text).includes(`(dir=${dir})`), 30_000);
}

/** r in the menu: recordAdd, with the arguments of a host record for www.example.test. */
async function recordAddHost(): Promise<void> {
  terminal.type('r');
  await terminal.waitForScreen('the arguments prompt', (text) => text.includes('recordAdd KIND ARGS...:'), 30_000);
  terminal.type('host www.example.test 10.1.2.3');
  terminal.keys('Enter');
}

describe.skipIf(!available('emacs', 'tmux') && process.env.CI !== 'true')('M-x iim in emacs -nw', () => {
  it('iim-tinydns → showOnly → recordAdd shows the plan; staged, it runs; F11 runs a panel link', async () => {
    expect(terminal.start(110, 45).status).toBe(0);
    const init = `(progn (load ${JSON.stringify(join(projectRoot, 'panels', 'iim'))}) (with-temp-file ${JSON.stringify(pidFile())} (insert (number-to-string (emacs-pid)))))`;
    terminal.type(`cd ${top} && emacs -nw -Q --eval '${init}'`);
    terminal.keys('Enter');
    await terminal.waitForScreen('Emacs', (text) => text.includes('*scratch*'), 60_000);

    const menu = await openTinydnsMenu((text) => text.includes('recordAdd') && text.includes('run mode'));
    expect(menu).toMatch(/-n\s+run mode/);
    expect(menu).toContain('dir (now /etc/tinydns)');
    expect(menu).toMatch(/r\s+recordAdd\s+Add a record, then compile/);

    terminal.keys('-', 'n'); // (type() would hand tmux -n as its own option)
    await terminal.waitForScreen('the run mode prompt', (text) => lastLine(text).startsWith('Run mode:'), 30_000);
    terminal.type('showOnly');
    terminal.keys('Enter');
    await terminal.waitForScreen('showOnly set', (text) => text.includes('(-n=showOnly)'), 30_000);
    await setDir();
    await recordAddHost();
    await terminal.waitForScreen('the plan in *iim*', (text) => text.includes('(shown, not done)') && /exit 0 after/.test(text), 60_000);
    expect(data()).toBe('');

    // Staged: the same command line in the minibuffer, run as edited (without -n showOnly)
    await openTinydnsMenu((text) => text.includes('stage: edit the line'));
    await setDir();
    terminal.keys('-', 's');
    await terminal.waitForScreen('stage set', (text) => text.includes('(--stage)'), 30_000);
    await recordAddHost();
    await terminal.waitForScreen('the staged line', (text) => unwrapped(text).includes(`Run: iim-tinydns -p dir=${dir} -i recordAdd host www.example.test 10.1.2.3`), 30_000);
    terminal.keys('Enter');
    // the plan's screen says "added and compiled ... (shown, not done)" and "exit 0" too: wait for the real run's
    await terminal.waitForScreen('the run', (text) => text.includes('added and compiled') && !text.includes('(shown, not done)') && /exit 0 after/.test(text), 60_000);
    expect(data()).toMatch(/^=www\.example\.test:10\.1\.2\.3:/m);

    // A panel: F11 on its link (it changes data, so it asks first)
    terminal.keys('C-x', 'C-f');
    terminal.type(join(top, 'Panel.org'));
    terminal.keys('Enter');
    await terminal.waitForScreen('the panel', (text) => text.includes('add ftp') && /\(Org iim/.test(text), 30_000);
    terminal.keys('M-n');
    terminal.keys('F11');
    await terminal.waitForScreen('the question', (text) => text.includes('run it? (yes or no)'), 30_000);
    terminal.type('yes');
    terminal.keys('Enter');
    await terminal.waitForScreen('the run', (text) => text.includes('=ftp.example.test:10.1.2.4') || /ftp\.example\.test/.test(data()), 60_000);
    await terminal.waitForScreen('its end', () => /^=ftp\.example\.test:10\.1\.2\.4:/m.test(data()), 30_000);
  }, 600_000);
});
