// iim -i emacsOutput (issue 13, items 7 and 8): with no Emacs server it runs nothing and says so
// in one line; with one, -v's source lines in the *iim* buffer lead to the file and line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available } from '../../support/programs.js';
import { runBin } from '../../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../../support/sandbox.js';

const hasEmacs = available('emacs', 'emacsclient');
let top: string;
let script: string;
beforeAll(async () => {
  top = temporaryDirectory('emacs-output');
  script = join(top, 'doe-iim.mjs');
  const started = await runBin('iim', ['-i', 'scriptStart', script]);
  if (started.status !== 0) throw new Error(started.stderr);
});
afterAll(() => removeDirectory(top));

describe('iim -i emacsOutput without an Emacs server', () => {
  it('fails at once in one line, before running the command', async () => {
    const greetings = join(top, 'not-made');
    const result = await runBin('iim', ['-i', 'emacsOutput', './doe-iim.mjs', '-p', `dir=${greetings}`, '-i', 'greetingSet', 'w', 'hi'], {
      cwd: top, env: { EMACS_SOCKET_NAME: join(top, 'no-such-socket') },
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`iim: emacsOutput: no Emacs server answers (emacsclient --eval t failed), so ./doe-iim.mjs was not run: start one (M-x server-start, or emacs --daemon), or run it here: ./doe-iim.mjs -p dir=${greetings} -i greetingSet w hi\n`);
    expect(existsSync(greetings)).toBe(false);
  });
});

describe.skipIf(!hasEmacs)('iim -i emacsOutput with an Emacs server', () => {
  const server = `iim-output-${process.pid}`;
  let emacsPid: number | undefined;
  const evaluate = (form: string) => {
    const result = spawnSync('emacsclient', ['-s', server, '--eval', form], { encoding: 'utf8', timeout: 20_000 });
    if (result.status !== 0) throw new Error(`emacsclient failed: ${result.stderr}`);
    return result.stdout.trim();
  };
  beforeAll(() => {
    const started = spawnSync('emacs', ['-Q', `--daemon=${server}`], { encoding: 'utf8', timeout: 60_000 });
    if (started.status !== 0) throw new Error(`emacs --daemon failed: ${started.stderr}`);
    emacsPid = Number(evaluate('(emacs-pid)'));
  });
  afterAll(() => {
    if (emacsPid) process.kill(emacsPid, 'SIGKILL');
  });

  it("-v source lines in *iim* lead to the script's line (in an Emacs without iim.el)", async () => {
    const result = await runBin('iim', ['-i', 'emacsOutput', './doe-iim.mjs', '-v', '-n', 'showOnly', '-i', 'greetingSet', 'w', 'hi'], {
      cwd: top, env: { EMACS_SOCKET_NAME: server },
    });
    expect(result.status, result.stderr).toBe(0);
    const line = readFileSync(script, 'utf8').split('\n').findIndex((text) => text.includes('await op.mkdir(params.dir)')) + 1;
    const target = evaluate(`(with-current-buffer "*iim*"
      (goto-char (point-min))
      (search-forward "** [doe-iim.mjs greetingSet] doe-iim.mjs:")
      (compile-goto-error)
      (format "%s:%d" buffer-file-name (line-number-at-pos)))`);
    expect(target).toBe(`"${script}:${line}"`);
  });
});
