// docs/script-reference.md runs as printed: every ```js script block is written to a temporary
// directory under the name its `// run:` lines give, run with node, and its output (stdout and
// stderr together, then `[exit N]` when N is not 0) compared with the ```text output block after it.
// UPDATE_DOCS=1 rewrites those output blocks from the runs (check the diff).
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitWords } from '../../framework/shell-words.js';
import { projectRoot } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';

const docPath = join(projectRoot, 'docs', 'script-reference.md');
const doc = readFileSync(docPath, 'utf8');
const BLOCK = /```js script\n([\s\S]*?)```\n\n```text output\n([\s\S]*?)```/g;
const blocks = [...doc.matchAll(BLOCK)].map((match) => ({ source: match[1], expected: match[2], at: match.index }));
const work = temporaryDirectory('script-reference');
const root = projectRoot.replace(/\/$/, '');

afterAll(() => removeDirectory(work));

function runLine(line: string, cwd: string): string {
  const [program, ...args] = splitWords(line);
  if (program !== 'node') throw new Error(`a run line starts with node: ${line}`);
  const capture = join(cwd, '.output');
  const fd = openSync(capture, 'w');
  try {
    // One file for both streams keeps their order as the user sees it in a terminal.
    const ran = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', fd, fd], env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 });
    const output = readFileSync(capture, 'utf8').split(root).join('IIM');
    return `$ ${line}\n${output}${ran.status === 0 ? '' : `[exit ${ran.status}]\n`}`;
  } finally {
    closeSync(fd);
  }
}

const outputs: string[] = [];

describe('docs/script-reference.md', () => {
  it('has script blocks, each followed by its output', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    expect(doc.match(/```js script/g)?.length).toBe(blocks.length);
  });

  it('names every export of framework/index.ts', () => {
    const index = readFileSync(join(projectRoot, 'framework', 'index.ts'), 'utf8');
    const names = [...index.matchAll(/export (?:type )?\{([^}]*)\}/g)].flatMap((m) => m[1].split(',')).map((n) => n.replace(/\btype\b/, '').trim()).filter(Boolean);
    expect(names.length).toBeGreaterThan(15);
    expect(names.filter((name) => !doc.includes('`' + name) && !doc.includes(name + '`') && !doc.includes(` ${name},`))).toEqual([]);
  });

  blocks.forEach((block, number) => {
    const runs = [...block.source.matchAll(/^\/\/ run: (.*)$/gm)].map((m) => m[1]);
    it(`example ${number + 1} (${runs[0]}) prints what the doc shows`, () => {
      expect(runs.length).toBeGreaterThan(0);
      const file = splitWords(runs[0])[1];
      const directory = join(work, String(number + 1));
      spawnSync('mkdir', ['-p', directory]);
      writeFileSync(join(directory, file), block.source.replaceAll("'IIM/", `'${root}/`));
      const actual = runs.map((line) => runLine(line, directory)).join('');
      outputs[number] = actual;
      if (process.env.UPDATE_DOCS === '1') return;
      expect(actual).toBe(block.expected);
    });
  });

  // Only when asked (UPDATE_DOCS=1): not a skipped test in every other run.
  if (process.env.UPDATE_DOCS === '1') it('rewrites the output blocks (UPDATE_DOCS=1)', () => {
    let number = 0;
    writeFileSync(docPath, doc.replace(BLOCK, (_all, source: string) => `\`\`\`js script\n${source}\`\`\`\n\n\`\`\`text output\n${outputs[number++]}\`\`\``));
  });
});
