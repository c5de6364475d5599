// The editor client with a real Emacs server (its own socket name), the $EDITOR fallback,
// and iim's emlVisit idea: a command's output in the Emacs buffer *iim*.
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available } from '../support/programs.js';
import { projectRoot, runBin } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';

const hasEmacs = available('emacs', 'emacsclient');
const server = `iim-test-${process.pid}`;
const work = temporaryDirectory('editor');
const withServer = { EMACS_SOCKET_NAME: server, VISUAL: undefined, EDITOR: undefined };
let emacsPid: number | undefined;
afterAll(() => removeDirectory(work));

/** Ask the test's Emacs server to evaluate FORM; its printed value. */
function evaluate(form: string): string {
  const result = spawnSync('emacsclient', ['-s', server, '--eval', form], { encoding: 'utf8', timeout: 20_000 });
  if (result.status !== 0) throw new Error(`emacsclient failed: ${result.stderr}`);
  return result.stdout.trim();
}

describe.skipIf(!hasEmacs)('editor client', () => {
  beforeAll(() => {
    const started = spawnSync('emacs', ['-Q', `--daemon=${server}`], { encoding: 'utf8', timeout: 60_000 });
    if (started.status !== 0) throw new Error(`emacs --daemon failed: ${started.stderr}`);
    emacsPid = Number(evaluate('(emacs-pid)'));
  });

  afterAll(() => {
    try {
      evaluate('(kill-emacs)');
    } catch {
      /* not answering: killed below */
    }
    if (emacsPid) {
      try {
        process.kill(emacsPid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });

  const visited = () => evaluate('(mapcar (function buffer-file-name) (buffer-list))');

  it('-i visit opens the script source in the running Emacs (emacsclient -n, socket from EMACS_SOCKET_NAME)', async () => {
    const result = await runBin('iim-daemontools', ['-i', 'visit'], { env: withServer });
    expect(result.stderr).toBe(`opened ${join(projectRoot, 'scripts', 'daemontools.ts')} with emacsclient\n`);
    expect(result.status).toBe(0);
    expect(visited()).toContain(`"${join(projectRoot, 'scripts', 'daemontools.ts')}"`);
  });

  it('-p emacsSocket=NAME reaches a named server (emacs --daemon=NAME) without EMACS_SOCKET_NAME', async () => {
    const result = await runBin('iim-tinydns', ['-p', `emacsSocket=${server}`, '-i', 'visit'], {
      env: { EMACS_SOCKET_NAME: undefined, VISUAL: undefined, EDITOR: undefined },
    });
    expect(result.stderr).toBe(`opened ${join(projectRoot, 'scripts', 'tinydns.ts')} with emacsclient\n`);
    expect(result.status).toBe(0);
    expect(visited()).toContain(`"${join(projectRoot, 'scripts', 'tinydns.ts')}"`);
  });

  it('iim -p editor=yes -i panel NAME opens the panel file there', async () => {
    const result = await runBin('iim', ['-p', 'editor=yes', '-i', 'panel', 'dnscache'], { env: withServer });
    expect(result.status).toBe(0);
    expect(visited()).toContain(`"${join(projectRoot, 'panels', 'dnscache.org')}"`);
  });

  it('emacsOutput shows a command\'s output in *iim*, in compilation-mode', async () => {
    const result = await runBin('iim', ['-i', 'emacsOutput', 'iim-daemontools', '-i', 'list'], { env: withServer });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('output of iim-daemontools sent to the Emacs buffer *iim*');
    const list = await runBin('iim-daemontools', ['-i', 'list']);
    const copy = join(work, 'iim-buffer');
    expect(evaluate(`(with-current-buffer "*iim*" (write-region nil nil ${JSON.stringify(copy)}) major-mode)`)).toBe('compilation-mode');
    expect(readFileSync(copy, 'utf8')).toBe(`iim-daemontools -i list  [exit 0]\n\n${list.stdout}`);
  });

  it('emacsOutput: FILE:LINE: references in the output lead to the file and line', async () => {
    const result = await runBin('iim', ['-i', 'emacsOutput', 'grep', '-n', '-H', 'Drives the real', 'scripts/daemontools.ts'], { env: withServer });
    expect(result.status).toBe(0);
    const line = readFileSync(join(projectRoot, 'scripts', 'daemontools.ts'), 'utf8').split('\n').findIndex((l) => l.includes('Drives the real')) + 1;
    const target = evaluate(`(with-current-buffer "*iim*"
      (goto-char (point-min))
      (compilation-next-error 1)
      (compile-goto-error)
      (format "%s:%d" buffer-file-name (line-number-at-pos)))`);
    expect(target).toBe(`"${join(projectRoot, 'scripts', 'daemontools.ts')}:${line}"`);
  });

  it("emacsOutput passes a failing command's status on as a problem, after showing its output", async () => {
    const result = await runBin('iim', ['-i', 'emacsOutput', 'iim-daemontools', '-i', 'nosuch'], { env: withServer });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('iim: emacsOutput: iim-daemontools exited with status 2');
    expect(evaluate('(with-current-buffer "*iim*" (buffer-string))')).toContain('unknown command \\"nosuch\\"');
  });
});

describe('editor client without an Emacs server', () => {
  const recorder = join(work, 'record-editor');
  const record = join(work, 'editor-arguments');
  writeFileSync(recorder, `#!/bin/sh\nprintf '%s\\n' "$@" > ${record}\n`);
  chmodSync(recorder, 0o755);
  const noServer = { EMACS_SOCKET_NAME: join(work, 'no-such-socket'), VISUAL: undefined };

  it('-i visit falls back to $EDITOR, with the file as its argument', async () => {
    const result = await runBin('iim-dnscache', ['-i', 'visit'], { env: { ...noServer, EDITOR: `${recorder} --wait` } });
    expect(result.status).toBe(0);
    expect(readFileSync(record, 'utf8')).toBe(`--wait\n${join(projectRoot, 'scripts', 'dnscache.ts')}\n`);
    expect(result.stderr).toContain(`with ${recorder}`);
  });

  it('$VISUAL comes before $EDITOR', async () => {
    const result = await runBin('iim', ['-p', 'editor=yes', '-i', 'panel', 'tinydns'], { env: { ...noServer, VISUAL: recorder, EDITOR: 'false' } });
    expect(result.status).toBe(0);
    expect(readFileSync(record, 'utf8')).toBe(`${join(projectRoot, 'panels', 'tinydns.org')}\n`);
  });

  it('says what to do when there is no editor at all', async () => {
    const result = await runBin('iim-tinydns', ['-i', 'visit'], { env: { ...noServer, EDITOR: undefined } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no editor to open');
    expect(result.stderr).toContain('start an Emacs server (M-x server-start) or set $VISUAL or $EDITOR');
  });
});
