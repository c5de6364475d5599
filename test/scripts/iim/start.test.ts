// iim -i scriptStart: a new iim script from the template (the course's "cp startIimGeneric.sh
// lastName-iim.sh"), run as a program through its #! line, edited through visit, made into a
// panel by panelGenerate; bad names and existing files refused with nothing written.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { available } from '../../support/programs.js';
import { projectRoot, runBin } from '../../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../../support/sandbox.js';
import { snapshotTree } from '../../support/tree-snapshot.js';

const hasEmacs = available('emacs');
let top: string | undefined;
afterEach(() => {
  if (top) removeDirectory(top);
  top = undefined;
});

/** The started script run as a program (its #! line), as a user types ./lastName-iim.mjs. */
const runStarted = (file: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(file, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 30_000 });

describe('iim -i scriptStart', () => {
  it('writes a runnable script: examples with no arguments, commands that check their input and go through the run modes', async () => {
    top = temporaryDirectory('script-start');
    const file = join(top, 'lastName-iim.mjs');
    const started = await runBin('iim', ['-i', 'scriptStart', file]);
    expect(started.status, started.stderr).toBe(0);
    expect(started.stdout).toContain(`started ${file}`);
    expect(started.stdout).toContain(`iim -i panelGenerate ${file} Panel.org`);
    expect(statSync(file).mode & 0o777).toBe(0o755);

    const examples = runStarted(file, []);
    expect(examples.status, examples.stderr).toBe(0);
    expect(examples.stdout).toContain('#################  Greetings  #################');
    expect(examples.stdout).toContain('lastName-iim.mjs -h -v -n showRun -i greetingSet world hello there  # keep a greeting for world');

    const greetings = join(top, 'greetings');
    const set = runStarted(file, ['-p', `dir=${greetings}`, '-i', 'greetingSet', 'world', 'hello', 'there']);
    expect(set.status, set.stderr).toBe(0);
    expect(readFileSync(join(greetings, 'world'), 'utf8')).toBe('hello there\n');
    expect(runStarted(file, ['-p', `dir=${greetings}`, '-i', 'greetingList']).stdout).toBe('world: hello there\n');

    const before = snapshotTree(top);
    const climbing = runStarted(file, ['-p', `dir=${greetings}`, '-i', 'greetingSet', '../escaped', 'hi']);
    expect(climbing.status).toBe(1);
    expect(climbing.stderr).toBe('lastName-iim.mjs: greetingSet: bad NAME "../escaped": letters, digits, _ and - only\n');
    const shown = runStarted(file, ['-n', 'showOnly', '-p', `dir=${join(top, 'planned')}`, '-i', 'greetingSet', 'moon', 'hi']);
    expect(shown.status).toBe(0);
    expect(shown.stderr).toContain(`mkdir -p ${join(top, 'planned')}`);
    expect(snapshotTree(top)).toEqual(before);

    const described = runStarted(file, ['-i', 'describe']);
    expect(described.stdout).toMatch(/^lastName-iim\.mjs: greetings kept as file variables/);
    const visited = runStarted(file, ['-i', 'visit'], { EDITOR: 'echo opened', VISUAL: '', EMACS_SOCKET_NAME: '/nonexistent/iim-no-server' });
    expect(visited.stdout).toBe(`opened ${file}\n`);
  });

  it.skipIf(!hasEmacs)('M-x iim-script-start in Emacs writes the script and visits it; a refusal is a user-error', () => {
    top = temporaryDirectory('script-start-emacs');
    const file = join(top, 'fromEmacs.mjs');
    const emacs = (forms: string) => spawnSync('emacs', ['--batch', '-Q', '-l', join(projectRoot, 'panels', 'iim.el'), '--eval', forms], {
      cwd: top, encoding: 'utf8', timeout: 60_000,
    });
    const started = emacs(`(progn (iim-script-start ${JSON.stringify(file)})
      (princ (format "%s|%s" (buffer-file-name) (save-excursion (goto-char (point-min)) (forward-line 1) (buffer-substring (point) (line-end-position))))))`);
    expect(started.status, started.stderr).toBe(0);
    expect(started.stdout).toBe(`${file}|// fromEmacs.mjs: an iim script. With no arguments it prints its examples; -i COMMAND runs one.`);
    const refused = emacs(`(condition-case err (iim-script-start ${JSON.stringify(file)}) (user-error (princ (error-message-string err))))`);
    expect(refused.stdout).toContain('exists: -f replaces it');
  });

  it('refuses a name Node would not run as an ES module, a missing directory, and an existing file without -f', async () => {
    top = temporaryDirectory('script-start-refused');
    for (const [file, said] of [
      ['mine.js', 'bad FILE "mine.js"'],
      ['1st.mjs', 'bad FILE "1st.mjs"'],
      ['my script.mjs', 'bad FILE "my script.mjs"'],
      ['$(reboot).mjs', 'bad FILE "$(reboot).mjs"'],
      ['no/such/dir/mine.mjs', 'no directory'],
    ]) {
      const refused = await runBin('iim', ['-i', 'scriptStart', file], { cwd: top });
      expect(refused.status, file).toBe(1);
      expect(refused.stderr).toContain(said);
    }
    expect(snapshotTree(top)).toEqual({});

    const file = join(top, 'mine.mjs');
    writeFileSync(file, '// my work\n');
    const kept = await runBin('iim', ['-i', 'scriptStart', file]);
    expect(kept.status).toBe(1);
    expect(kept.stderr).toContain('exists: -f replaces it');
    expect(readFileSync(file, 'utf8')).toBe('// my work\n');
    const replaced = await runBin('iim', ['-f', '-i', 'scriptStart', file]);
    expect(replaced.status, replaced.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain("name: 'mine.mjs'");
  });

  it('panelGenerate makes a panel of a script file without running it; panelsUpdate keeps it current', async () => {
    top = temporaryDirectory('script-start-panel');
    const file = join(top, 'mine.mjs');
    expect((await runBin('iim', ['-i', 'scriptStart', file])).status).toBe(0);
    const panel = await runBin('iim', ['-i', 'panelGenerate', file]);
    expect(panel.status, panel.stderr).toBe(0);
    expect(panel.stdout).toMatch(/^#\+TITLE: .*mine\.mjs: greetings kept as file variables/);
    expect(panel.stdout).toContain('- [[iim:mine.mjs -h -v -n showRun -i greetingList][every greeting]]');
    expect(panel.stdout).not.toContain('########'); // the script's own examples were not printed

    const org = join(top, 'Panel.org');
    expect((await runBin('iim', ['-i', 'panelGenerate', file, org])).status).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace("'every greeting'", "'all of them'"));
    const updated = await runBin('iim', ['-i', 'panelsUpdate', org]);
    expect(updated.status, updated.stderr).toBe(0);
    expect(readFileSync(org, 'utf8')).toContain('- [[iim:mine.mjs -h -v -n showRun -i greetingList][all of them]]');

    // the panel's lines run the script beside it, not on PATH: from the terminal...
    const entries = JSON.parse((await runBin('iim', ['-p', 'format=json', '-i', 'panelList', org])).stdout) as Array<{ number: number; line: string }>;
    const describeEntry = entries.find((entry) => entry.line === 'mine.mjs -i describe');
    // -f: a program beside the panel always asks (its file's content proves nothing)
    const ran = await runBin('iim', ['-f', '-i', 'panelRun', org, String(describeEntry?.number)], { cwd: '/' });
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/^mine\.mjs: greetings kept as file variables/);
    // ...and from Emacs, following the link in the panel
    if (hasEmacs) {
      // A program beside the panel always asks: the user says yes.
      const followed = spawnSync('emacs', ['--batch', '-Q', '-l', join(projectRoot, 'panels', 'iim.el'), '--eval', `(progn
        (setq iim-link-confirm-function (lambda (_prompt) t))
        (with-current-buffer (find-file-noselect ${JSON.stringify(org)})
          (goto-char (point-min))
          (search-forward "[[iim:mine.mjs -i describe]")
          (org-open-at-point)
          (let ((process (get-buffer-process "*iim*")))
            (while (process-live-p process) (accept-process-output process 0.1))
            (accept-process-output nil 0.2))
          (with-current-buffer "*iim*" (princ (buffer-string)))))`], { cwd: '/', encoding: 'utf8', timeout: 60_000 });
      expect(followed.stdout).toContain('mine.mjs: greetings kept as file variables');
      expect(followed.stdout).toContain('(exit 0)');
      // M-x iim-examples takes the path of a script file too
      const examples = spawnSync('emacs', ['--batch', '-Q', '-l', join(projectRoot, 'panels', 'iim.el'), '--eval',
        `(with-current-buffer (iim-examples ${JSON.stringify(file)}) (princ (buffer-string)))`], { encoding: 'utf8', timeout: 60_000 });
      expect(examples.stdout).toContain('[[iim:mine.mjs -h -v -n showRun -i greetingList][all of them]]');
    }

    const notAScript = join(top, 'plain.mjs');
    writeFileSync(notAScript, 'export const x = 1;\n');
    const refused = await runBin('iim', ['-i', 'panelGenerate', notAScript]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('does not export a script');
  });
});
