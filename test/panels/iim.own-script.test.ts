// panels/iim.el with a script of one's own (issue 13, items 2 and 7), in a real Emacs: the
// links of M-x iim-examples run the script file from its directory, and -v's source lines
// (** [SCRIPT COMMAND] FILE:LINE) in *iim* lead to the file and line.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available } from '../support/programs.js';
import { projectRoot, runBin } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';

const hasEmacs = available('emacs');
let top: string;
let script: string;
beforeAll(async () => {
  top = temporaryDirectory('iim-el-own');
  script = join(top, 'doe-iim.mjs');
  const started = await runBin('iim', ['-i', 'scriptStart', script]);
  if (started.status !== 0) throw new Error(started.stderr);
});
afterAll(() => removeDirectory(top));

/** FORMS in `emacs --batch -Q` with iim.el loaded, started in CWD (not the script's directory). */
function emacs(forms: string, cwd = '/') {
  return spawnSync('emacs', ['--batch', '-Q', '-l', join(projectRoot, 'panels', 'iim.el'), '--eval', `(progn ${forms})`], {
    cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', PATH: '/usr/local/bin:/usr/bin:/bin' },
  });
}

const WAIT = `(let ((process (get-buffer-process "*iim*")))
  (while (process-live-p process) (accept-process-output process 0.1))
  (accept-process-output nil 0.2))`;

describe.skipIf(!hasEmacs)('iim.el and a script of your own', () => {
  it('M-x iim-examples on the script file: following a link runs that file (exit 0), from another directory', () => {
    const result = emacs(`(with-current-buffer (iim-examples ${JSON.stringify(script)})
        (princ (format "dir:%s\\n" default-directory))
        (goto-char (point-min))
        (search-forward "[[iim:doe-iim.mjs -i describe]")
        (let ((iim-link-confirm-function nil)) (org-open-at-point))
        ${WAIT}
        (with-current-buffer "*iim*" (princ (buffer-string))))`);
    expect(result.stderr).not.toContain('Searching for program');
    expect(result.stdout).toContain(`dir:${top}/\n`);
    expect(result.stdout).toContain('doe-iim.mjs: greetings kept as file variables');
    expect(result.stdout).toContain('iim: doe-iim.mjs finished (exit 0)');
  });

  it('a link ./doe-iim.mjs followed from a panel in its directory runs it, whatever buffer is current', () => {
    const result = emacs(`(iim-run-line "./doe-iim.mjs -i list" ${JSON.stringify(top)}) ${WAIT}
      (with-current-buffer "*iim*" (princ (buffer-string)))`);
    expect(result.stdout).toContain('greetingSet');
    expect(result.stdout).toContain('(exit 0)');
  });

  it('-v source lines in *iim* are references: following one visits the script at that line', () => {
    const result = emacs(`(iim-run-line "./doe-iim.mjs -v -n showOnly -i greetingSet world hi" ${JSON.stringify(top)}) ${WAIT}
      (with-current-buffer "*iim*"
        (goto-char (point-min))
        (let ((lines '()))
          (while (re-search-forward "^\\\\*\\\\* \\\\[" nil t)
            (let ((here (buffer-substring (line-beginning-position) (line-end-position))))
              (save-excursion
                (compile-goto-error)
                (push (format "%s => %s:%d" here buffer-file-name (line-number-at-pos)) lines))))
          (princ (string-join (nreverse lines) "\\n"))))`);
    expect(result.status, result.stderr).toBe(0);
    const source = readFileSync(script, 'utf8').split('\n');
    const mkdirLine = source.findIndex((line) => line.includes('await op.mkdir(params.dir)')) + 1;
    const writeLine = source.findIndex((line) => line.includes('await op.writeFile(file')) + 1;
    expect(result.stdout.split('\n')).toEqual([
      `** [doe-iim.mjs greetingSet] doe-iim.mjs:${mkdirLine} => ${script}:${mkdirLine}`,
      `** [doe-iim.mjs greetingSet] doe-iim.mjs:${writeLine} => ${script}:${writeLine}`,
    ]);
  });
});
