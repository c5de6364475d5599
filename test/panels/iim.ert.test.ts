// The Emacs package's ERT tests (test/support/emacs/*-tests.el) in a real Emacs: every
// command of iim.el, iim-panel.el and iim-transient.el, against the built scripts.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/run-bin.js';

const testsDirectory = join(projectRoot, 'test', 'support', 'emacs');

/** `emacs -Q --batch` running the ERT tests of FILE; its status and what it printed. */
function runErt(file: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('emacs', ['-Q', '--batch', '-L', join(projectRoot, 'panels'), '-L', testsDirectory,
      '-l', 'ert', '-l', file, '-f', 'ert-run-tests-batch-and-exit'], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

describe('the Emacs package in ERT', () => {
  it.each(['iim-tests', 'iim-panel-tests', 'iim-transient-tests', 'iim-safety-tests'])('%s: every ERT test passes', async (name) => {
    const declared = (readFileSync(join(testsDirectory, `${name}.el`), 'utf8').match(/^\(ert-deftest /gm) ?? []).length;
    expect(declared).toBeGreaterThan(8);
    const { status, output } = await runErt(name);
    const summary = /^Ran (\d+) tests, (\d+) results as expected, (\d+) unexpected/m.exec(output);
    expect(summary, output).not.toBeNull();
    expect({ ran: Number(summary![1]), expected: Number(summary![2]), status }, output).toEqual({ ran: declared, expected: declared, status: 0 });
  }, 300_000);
});
