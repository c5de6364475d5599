// panels/iim.el in a real Emacs (batch): org-element sees the same iim: links as our reader,
// following one runs it without a shell into *iim*, completion and iim-examples work.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { panelEntries } from '../../framework/org-panel.js';
import { splitWords } from '../../framework/shell-words.js';
import { available } from '../support/programs.js';
import { projectRoot, runBin } from '../support/run-bin.js';

const hasEmacs = available('emacs');
const panelsDirectory = join(projectRoot, 'panels');
const panels = readdirSync(panelsDirectory).filter((file) => file.endsWith('.org')).sort();

/** Evaluate FORMS in `emacs --batch -Q` with panels/iim.el loaded; what they princ comes back. */
function emacs(forms: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('emacs', ['--batch', '-Q', '-l', join(panelsDirectory, 'iim.el'), '--eval', `(progn ${forms})`], {
    cwd: projectRoot, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const LINK_PATHS = `(org-element-map (org-element-parse-buffer) 'link
  (lambda (link) (when (equal (org-element-property :type link) "iim") (org-element-property :path link))))`;

describe.skipIf(!hasEmacs)('panels/iim.el in Emacs', () => {
  it('loads, defines the iim link type and its bin directory', () => {
    const result = emacs(`(princ (format "%S %S %S" (featurep 'iim) (and (org-link-get-parameter "iim" :follow) t) iim-bin-directory))`);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.stdout).toBe(`t t "${join(projectRoot, 'dist', 'bin')}"`);
  });

  it.each(panels)('%s: org-element finds the same iim: links as our panel reader', (panel) => {
    const file = join(panelsDirectory, panel);
    const result = emacs(`(with-current-buffer (find-file-noselect ${JSON.stringify(file)})
      (dolist (path ${LINK_PATHS}) (princ path) (terpri)))`);
    expect(result.status).toBe(0);
    const ours = panelEntries(readFileSync(file, 'utf8')).map((entry) => entry.line);
    expect(ours.length).toBeGreaterThan(0);
    expect(result.stdout.trimEnd().split('\n')).toEqual(ours);
  });

  it("following a panel's link runs it asynchronously and shows its output in *iim* (compilation-mode)", async () => {
    const file = join(panelsDirectory, 'daemontools.org');
    const result = emacs(`(with-current-buffer (find-file-noselect ${JSON.stringify(file)})
      (goto-char (point-min))
      (search-forward "[[iim:iim-daemontools -i list]")
      (org-open-at-point)
      (let ((process (get-buffer-process "*iim*")))
        (princ (format "async:%S\\n" (and (process-live-p process) t)))
        (while (process-live-p process) (accept-process-output process 0.1))
        (accept-process-output nil 0.2))
      (with-current-buffer "*iim*"
        (princ (format "mode:%S compilation:%S dir:%s\\n" major-mode (and (derived-mode-p 'compilation-mode) t) default-directory))
        (princ (buffer-string))))`);
    expect(result.status).toBe(0);
    const list = await runBin('iim-daemontools', ['-i', 'list']);
    expect(result.stdout).toContain('async:t\n');
    expect(result.stdout).toContain(`mode:iim-output-mode compilation:t dir:${panelsDirectory}/\n`);
    expect(result.stdout).toContain('iim: iim-daemontools -i list\n');
    expect(result.stdout).toContain(list.stdout.split('\n')[0]);
    expect(result.stdout).toContain('iim: iim-daemontools finished (exit 0)');
  });

  it('splits a link into words like the scripts do, quotes included, and never through a shell', () => {
    const result = emacs(`(prin1 (iim-split-line "iim -e 'a b' -p \\"x=y z\\" c\\\\ d $(rm) ;"))`);
    expect(result.stdout).toBe('("iim" "-e" "a b" "-p" "x=y z" "c d" "$(rm)" ";")');
  });

  it("reads bash's $'…' as the scripts do: octal, hex and letter escapes, quotes", () => {
    const line = "txt $'it\\'s: a\\012b' $'\\t\\x41\\\\' x$y";
    const result = emacs(`(let ((words (iim-split-line ${JSON.stringify(line)}))) (princ (json-encode words)))`);
    expect(result.stderr).not.toMatch(/error/i);
    expect(JSON.parse(result.stdout)).toEqual(splitWords(line));
    expect(splitWords(line)).toEqual(['txt', "it's: a\nb", '\tA\\', 'x$y']);
  });

  it('iim-examples: panelGenerate output has one link per example line of the script', async () => {
    const examples = await runBin('iim-dnscache', ['-i', 'examples']);
    const scriptLines = examples.stdout.split('\n').filter((line) => /^iim(-[a-z]+)? /.test(line)).map((line) => line.replace(/  # .*$/, ''));
    const result = emacs(`(with-current-buffer (iim-examples "iim-dnscache")
      (princ (format "mode:%S\\n" major-mode))
      (dolist (path ${LINK_PATHS}) (princ path) (terpri)))`);
    expect(result.status).toBe(0);
    const [mode, ...links] = result.stdout.trimEnd().split('\n');
    expect(mode).toBe('mode:org-mode');
    expect(links).toEqual(scriptLines);
  });

  it('completes script and command names when inserting a link', () => {
    const result = emacs(`(require 'cl-lib)
      (cl-letf (((symbol-function 'completing-read)
                 (lambda (prompt table &rest _)
                   (let ((all (all-completions "" table)))
                     (princ (format "%s%S\\n" prompt all))
                     (if (string-prefix-p "iim script" prompt) "iim" "panelList"))))
                ((symbol-function 'read-string) (lambda (prompt &rest _) (princ prompt) (terpri) "dnscache")))
        (princ (iim-complete-link)))`);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('iim script: ("iim" "iim-daemontools" "iim-tinydns" "iim-dnscache")');
    expect(result.stdout).toMatch(/iim command: \(.*"panelList".*"visit".*\)/);
    expect(result.stdout).toContain('panelList arguments (PANEL): ');
    expect(result.stdout.trimEnd().split('\n').pop()).toBe('iim:iim -i panelList dnscache');
  });

  it('iim-panel opens a shipped panel by name', () => {
    const result = emacs(`(princ (format "%S\\n" (iim-panel-names))) (iim-panel "tinydns") (princ buffer-file-name)`);
    expect(result.stdout).toBe(`("daemontools" "dnscache" "index" "tinydns")\n${join(panelsDirectory, 'tinydns.org')}`);
  });
});
