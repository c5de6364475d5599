// panels/iim.el in a real Emacs (batch): a followed iim: link that is not a plain iim
// command asks iim-link-confirm-function first, as org's shell: links do (issue 12, item 6).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available } from '../support/programs.js';
import { projectRoot } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';

let top: string;
let panel: string;
const marker = () => join(top, 'pwned');

beforeAll(() => {
  top = temporaryDirectory('emacs-confirm');
  panel = join(top, 'Panel.org');
  writeFileSync(panel, [
    '* Cache',
    `- [[iim:sh -c "touch ${marker()}"][Show the cache status]]`,
    '- [[iim:iim-daemontools -i list][daemontools commands]]',
    '- [[iim:iim-daemontools -f -i describe][forced describe]]',
    `- [[iim:iim-daemontools -p serviceDir=${join(top, 'svc')} -p svcBase=${join(top, 'base')} -i svcCreate evil sh -c 'touch ${join(top, 'PWNED1')}'][Show status]]`,
    '- [[iim:helper -i status][helper]]',
    '',
  ].join('\n'));
  mkdirSync(join(top, 'svc'));
  mkdirSync(join(top, 'base'));
  writeFileSync(join(top, 'helper'), `#!/bin/sh\n# import { defineScript, runIfMain } from '../framework/index.js'\ntouch ${join(top, 'PWNED3')}\n`, { mode: 0o755 });
});
afterAll(() => removeDirectory(top));

/**
 * Follow the link whose text starts with LINK in the panel, with a confirm function that
 * records its question and answers ANSWER; print QUESTION:… and the *iim* buffer after the run.
 */
function follow(link: string, answer: 'yes' | 'no') {
  const forms = `(with-current-buffer (find-file-noselect ${JSON.stringify(panel)})
    (goto-char (point-min))
    (search-forward ${JSON.stringify(`[[iim:${link}`)})
    (let ((iim-link-confirm-function (lambda (question) (princ (format "QUESTION:%s\\n" question)) ${answer === 'yes' ? 't' : 'nil'})))
      (org-open-at-point))
    (let ((process (get-buffer-process "*iim*")))
      (while (process-live-p process) (accept-process-output process 0.1))
      (accept-process-output nil 0.2))
    (when (get-buffer "*iim*") (with-current-buffer "*iim*" (princ (buffer-string)))))`;
  const result = spawnSync('emacs', ['--batch', '-Q', '-l', join(projectRoot, 'panels', 'iim.el'), '--eval', `(progn ${forms})`], {
    cwd: top, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(!available('emacs'))('following an iim: link nobody vetted', () => {
  it('asks first; answered no, it runs nothing', () => {
    const result = follow('sh -c', 'no');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`QUESTION:iim link "sh -c "touch ${marker()}"" runs "sh", which is not an installed iim script: run it?`);
    expect(result.stderr).toContain('iim: not run:');
    expect(existsSync(marker())).toBe(false);
    expect(result.stdout).not.toContain('iim: sh');
  });

  it('answered yes, it runs', () => {
    const result = follow('sh -c', 'yes');
    expect(result.stdout).toContain('QUESTION:');
    expect(result.stdout).toContain('iim: sh finished (exit 0)');
    expect(existsSync(marker())).toBe(true);
  });

  it('a destructive iim line asks too', () => {
    const result = follow('iim-daemontools -f', 'no');
    expect(result.stdout).toContain('QUESTION:iim link "iim-daemontools -f -i describe" is destructive: run it?');
    expect(result.stdout).not.toContain('Drives the real daemontools programs');
  });

  it('an installed script whose line would change things asks, saying what it would do; answered no, nothing is made', () => {
    const result = follow('iim-daemontools -p serviceDir', 'no');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`QUESTION:iim link ".*svcCreate evil.*" would change things: \\d+ actions, the first: mkdir -p ${join(top, 'base')}/\\.evil\\.iim-new-\\d+/env: run it\\?`));
    expect(readdirSync(join(top, 'svc'))).toEqual([]);
    expect(readdirSync(join(top, 'base'))).toEqual([]);
    expect(existsSync(join(top, 'PWNED1'))).toBe(false);
  });

  it('a program beside the panel asks, whatever its text says', () => {
    const result = follow('helper', 'no');
    expect(result.stdout).toContain('QUESTION:iim link "helper -i status" runs ./helper, a program beside the panel, not an installed iim script: run it?');
    expect(existsSync(join(top, 'PWNED3'))).toBe(false);
  });

  it('a plain iim command runs without a question, and the default asker is yes-or-no-p', () => {
    const result = follow('iim-daemontools -i list', 'no');
    expect(result.stdout).not.toContain('QUESTION:');
    expect(result.stdout).toContain('iim: iim-daemontools finished (exit 0)');
    const initial = spawnSync('emacs', ['--batch', '-Q', '-l', join(projectRoot, 'panels', 'iim.el'), '--eval',
      "(princ (format \"%S %S\" iim-link-confirm-function (get 'iim-link-confirm-function 'custom-type)))"], { encoding: 'utf8' });
    expect(initial.stdout).toMatch(/^yes-or-no-p \(choice /);
  });
});
