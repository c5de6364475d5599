// Shell completion as bash runs it: the script printed by -i completion bash, sourced in a real
// bash, asked with the COMP_* variables bash sets at a TAB (bash splits words at "=").
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binPath } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';

const work = temporaryDirectory('completion');
const bin = join(work, 'bin');
mkdirSync(bin);
for (const name of ['iim', 'iim-tinydns', 'iim-dnscache', 'iim-daemontools']) symlinkSync(binPath(name), join(bin, name));
afterAll(() => removeDirectory(work));

/** What bash offers for LINE (the cursor at its end), split into words the way bash does. */
function complete(line: string): string[] {
  const words = line.split(/(?<==)|(?==)|\s+/).filter((w, i, all) => w !== '' || i === all.length - 1);
  if (line.endsWith(' ')) words.push('');
  const script = [
    'source <(iim -i completion bash) || exit 9',
    'COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$LINE"; COMP_POINT=${#LINE}',
    '_iim_complete; printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const result = spawnSync('bash', ['--norc', '-c', script, 'bash', ...words], {
    encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, LINE: line },
  });
  if (result.status !== 0) throw new Error(`bash: ${result.status} ${result.stderr}`);
  return result.stdout.split('\n').filter(Boolean);
}

describe('bash completion', () => {
  it('iim -i completion bash prints a script that registers every bin', () => {
    const printed = spawnSync(binPath('iim'), ['-i', 'completion', 'bash'], { encoding: 'utf8' });
    expect(printed.status).toBe(0);
    expect(printed.stdout).toContain('complete -o default -F _iim_complete iim iim-daemontools iim-tinydns iim-dnscache');
  });

  it('completes commands after -i', () => {
    expect(complete('iim-tinydns -i recordA')).toEqual(['recordAdd']);
    expect(complete('iim-tinydns -i rec')).toEqual(['recordAdd', 'recordImport', 'recordRemove', 'recordList']);
  });

  it('completes run modes after -n', () => {
    expect(complete('iim-dnscache -n showR')).toEqual(['showRun', 'showRunProtected']);
  });

  it('completes parameter names after -p, and their choices after -p NAME=', () => {
    expect(complete('iim-dnscache -p for')).toEqual(['format=', 'forks=']);
    expect(complete('iim-dnscache -p format=')).toEqual(['=text', '=json']);
    expect(complete('iim-dnscache -p format=j')).toEqual(['json']);
    expect(complete('iim-daemontools -p restart=')).toEqual(['=yes', '=no']);
  });

  it('offers a parameter without choices its current value', () => {
    expect(complete('iim-tinydns -p dir=')).toEqual(['=/etc/tinydns']);
  });

  it('completes options, and leaves arguments to file-name completion', () => {
    expect(complete('iim-tinydns --v')).toEqual(['--version']);
    expect(complete('iim-tinydns -i recordImport ')).toEqual([]);
  });
});
