// panelGenerate's errors a new user meets (issue 13, item 19): a panel in a missing directory,
// and a script file with a syntax error, named by FILE:LINE (a reference in Emacs' *iim*).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available } from '../../support/programs.js';
import { projectRoot, runBin } from '../../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../../support/sandbox.js';
import { snapshotTree } from '../../support/tree-snapshot.js';

let top: string;
let broken: string;
let brokenLine: number;
beforeAll(async () => {
  top = temporaryDirectory('panel-generate-errors');
  const started = await runBin('iim', ['-i', 'scriptStart', 'doe-iim.mjs'], { cwd: top });
  if (started.status !== 0) throw new Error(started.stderr);
  const lines = readFileSync(join(top, 'doe-iim.mjs'), 'utf8').split('\n');
  brokenLine = lines.findIndex((line) => line.includes('await op.mkdir(params.dir)')) + 1;
  lines[brokenLine - 1] += ' oops error';
  broken = join(top, 'broken.mjs');
  writeFileSync(broken, lines.join('\n'));
});
afterAll(() => removeDirectory(top));

describe('iim -i panelGenerate refuses clearly', () => {
  it('a panel in a directory that does not exist: says which directory, writes nothing', async () => {
    const before = snapshotTree(top);
    const result = await runBin('iim', ['-i', 'panelGenerate', './doe-iim.mjs', 'nodir/Panel.org'], { cwd: top });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`iim: panelGenerate: no directory ${join(top, 'nodir')} to write nodir/Panel.org in: make it first (mkdir -p ${join(top, 'nodir')})\n`);
    expect(snapshotTree(top)).toEqual(before);
  });

  it('a script file with a syntax error: FILE:LINE and the parser\'s message', async () => {
    const result = await runBin('iim', ['-i', 'panelGenerate', './broken.mjs'], { cwd: top });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`iim: panelGenerate: ${broken}:${brokenLine}: Unexpected identifier 'error'\n`);
  });

  it.skipIf(!available('emacs'))('that FILE:LINE in *iim* leads to the broken line', () => {
    const result = spawnSync('emacs', ['--batch', '-Q', '-l', join(projectRoot, 'panels', 'iim.el'), '--eval', `(progn
      (let ((process (iim-run-line "iim -i panelGenerate ./broken.mjs" ${JSON.stringify(top)})))
        (while (process-live-p process) (accept-process-output process 0.1))
        (accept-process-output nil 0.2))
      (with-current-buffer "*iim*"
        (goto-char (point-min))
        (compilation-next-error 1)
        (compile-goto-error)
        (princ (format "%s:%d" buffer-file-name (line-number-at-pos)))))`], { encoding: 'utf8', timeout: 60_000 });
    expect(result.stdout).toBe(`${broken}:${brokenLine}`);
  });
});
