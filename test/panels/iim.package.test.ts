// panels/iim*.el as an Emacs package: byte-compiles with zero warnings, checkdoc and
// package-lint (Debian's elpa-package-lint) clean, installable by package-install-file,
// whose autoloads then give M-x iim and turn iim-panel-mode on in a panel file.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';

const panels = join(projectRoot, 'panels');
const files = ['iim-run.el', 'iim.el', 'iim-panel.el', 'iim-transient.el'];
const packageLint = '/usr/share/emacs/site-lisp/elpa/';
let top: string;

beforeAll(() => {
  top = temporaryDirectory('iim-el-package');
});
afterAll(() => removeDirectory(top));

/** `emacs -Q --batch ARGS` in CWD: status and stderr+stdout without Emacs's Loading lines. */
function emacs(args: string[], cwd = top) {
  const result = spawnSync('emacs', ['-Q', '--batch', ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  const output = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line && !/^Loading /.test(line));
  return { status: result.status, output };
}

describe('panels/iim*.el as a package', () => {
  it('byte-compiles with zero warnings (byte-compile-error-on-warn)', () => {
    const copy = join(top, 'compile');
    spawnSync('mkdir', ['-p', copy]);
    for (const file of files) copyFileSync(join(panels, file), join(copy, file));
    const result = emacs(['-L', '.', '--eval', '(setq byte-compile-error-on-warn t)', '-f', 'batch-byte-compile', ...files], copy);
    expect(result.output).toEqual([]);
    expect(result.status).toBe(0);
    expect(files.every((file) => existsSync(join(copy, `${file}c`)))).toBe(true);
  });

  it('is checkdoc clean', () => {
    const forms = `(progn (require 'checkdoc) (setq checkdoc-spellcheck-documentation-flag nil)
      (dolist (file '(${files.map((f) => JSON.stringify(join(panels, f))).join(' ')})) (checkdoc-file file)))`;
    const result = emacs(['-L', panels, '--eval', forms]);
    expect(result.output).toEqual([]);
    expect(result.status).toBe(0);
  });

  it('is package-lint clean', () => {
    const lint = readdirSync(packageLint).find((name) => name.startsWith('package-lint-'));
    expect(lint, 'elpa-package-lint is installed (test/install-debian-deps.sh)').toBeDefined();
    const result = emacs(['-L', panels, '-L', join(packageLint, lint!), '--eval',
      `(progn (require 'package-lint) (setq package-lint-main-file ${JSON.stringify(join(panels, 'iim.el'))}))`,
      '-f', 'package-lint-batch-and-exit', ...files.map((f) => join(panels, f))], panels);
    // package-lint 0.16 (Debian 12) knows no Emacs release past 27, so it calls any
    // (emacs "28.x") dependency uninstallable; Debian 12 itself ships Emacs 28.2.
    const stale = /^iim\.el:\d+:\d+: warning: This makes the package uninstallable in all released Emacs versions\.$/;
    // The project has no public home yet, and a made-up URL would send users nowhere:
    // the URL header comes when there is one.
    const noHome = /^iim\.el:1:0: error: Package should have a Homepage or URL header\.$/;
    expect(result.output.filter((line) => !/^Entering directory/.test(line) && !stale.test(line) && !noHome.test(line))).toEqual([]);
  });

  it('installs with package-install-file; its autoloads give M-x iim and panel mode', () => {
    const elpa = join(top, 'elpa');
    const setup = `(setq package-user-dir ${JSON.stringify(elpa)} package-archives nil)`;
    const installed = emacs(['--eval', `(progn ${setup} (package-initialize) (package-install-file ${JSON.stringify(`${panels}/`)}))`]);
    expect(installed.status, installed.output.join('\n')).toBe(0);
    expect(readdirSync(elpa)).toContain('iim-0.1.0');
    const panel = join(top, 'Panel.org');
    writeFileSync(panel, '* Notes\n\n# Local Variables:\n# iim-panel: t\n# End:\n');
    const used = emacs(['--eval', `(progn ${setup} (package-initialize)
      (princ (format "iim:%S panel:%S loaded:%S\\n" (commandp 'iim) (commandp 'iim-panel) (featurep 'iim)))
      (with-current-buffer (find-file-noselect ${JSON.stringify(panel)})
        (princ (format "mode:%S panel-mode:%S dir:%S\\n" major-mode iim-panel-mode (file-exists-p (expand-file-name "index.org" iim-panels-directory))))))`]);
    expect(used.status, used.output.join('\n')).toBe(0);
    expect(used.output).toContain('iim:t panel:t loaded:nil');
    expect(used.output).toContain('mode:org-mode panel-mode:t dir:t');
  });

  it('loads with use-package :load-path (Debian\'s elpa-use-package): M-x iim is autoloaded, and calling it builds the menu', () => {
    const elpaSite = '/usr/share/emacs/site-lisp/elpa/';
    const useDirectories = readdirSync(elpaSite).filter((name) => /^(use-package|bind-key)-/.test(name));
    expect(useDirectories.some((name) => name.startsWith('use-package-')), 'elpa-use-package is installed (test/install-debian-deps.sh)').toBe(true);
    const result = emacs([...useDirectories.flatMap((name) => ['-L', join(elpaSite, name)]), '--eval', `(progn
      (require 'use-package)
      (use-package iim :load-path ${JSON.stringify(panels)} :commands (iim iim-panel))
      (princ (format "before: iim:%S panel:%S autoload:%S loaded:%S\n" (commandp 'iim) (commandp 'iim-panel)
                     (autoloadp (symbol-function 'iim)) (featurep 'iim)))
      (iim "iim-dnscache")
      (princ (format "after: menu:%S loaded:%S\n" (oref transient--prefix command) (featurep 'iim-transient))))`]);
    expect(result.status, result.output.join('\n')).toBe(0);
    expect(result.output).toEqual(['before: iim:t panel:t autoload:t loaded:nil', 'after: menu:iim-transient-menu loaded:t']);
  });
});
