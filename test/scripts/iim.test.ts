// The iim script's panel commands, through the built bin as a user runs them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { panelEntries } from '../../framework/org-panel.js';
import { projectRoot, runBin } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';

const work = temporaryDirectory('iim-panels');
afterAll(() => removeDirectory(work));

function panelFile(name: string, body: string): string {
  const file = join(work, name);
  mkdirSync(work, { recursive: true });
  writeFileSync(file, body);
  return file;
}

describe('iim -i scripts', () => {
  it('lists the four scripts with their briefs', async () => {
    const result = await runBin('iim', ['-i', 'scripts']);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').map((line) => line.split(/\s+/)[0]).filter(Boolean)).toEqual(['iim', 'iim-daemontools', 'iim-tinydns', 'iim-dnscache']);
    expect(result.stdout).toMatch(/^iim-dnscache +dnscache: /m);
  });

  it('gives JSON with -p format=json', async () => {
    const result = await runBin('iim', ['-i', 'scripts', '-p', 'format=json']);
    const scripts = JSON.parse(result.stdout);
    expect(scripts.map((s: { name: string }) => s.name)).toEqual(['iim', 'iim-daemontools', 'iim-tinydns', 'iim-dnscache']);
    expect(scripts[0]).toMatchObject({ name: 'iim', panel: 'index', commands: expect.arrayContaining(['panel', 'panelList']) });
  });
});

describe('iim -i panelList', () => {
  it('numbers the entries of a shipped panel by short name: number, heading path, command', async () => {
    const result = await runBin('iim', ['-i', 'panelList', 'index']);
    expect(result.status).toBe(0);
    const entries = panelEntries(readFileSync(join(projectRoot, 'panels', 'index.org'), 'utf8'));
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(entries.length);
    expect(lines[1]).toMatch(/^ *2  Scripts  iim-daemontools -i describe$/);
  });

  it('takes a path, and says which names exist when a short name is unknown', async () => {
    const file = panelFile('mine.org', '* A\n** B\n- [[iim:iim -i scripts][x]]\n');
    expect((await runBin('iim', ['-i', 'panelList', file])).stdout).toBe('1  A / B  iim -i scripts\n');
    const bad = await runBin('iim', ['-i', 'panelList', 'nosuch']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('iim: panelList: usage: no panel named "nosuch"');
  });
});

describe('iim -i panelRun', () => {
  const file = panelFile('run.org', [
    '* Harmless', '- [[iim:iim-daemontools -i describe][describe]]',
    '* Failing', '- [[iim:iim-daemontools -i describe noSuchCommand][fails with a usage error]]',
    '* Forced', '- [[iim:iim-daemontools -f -i describe][forced]]', '',
  ].join('\n'));

  it('runs entry N and streams its output', async () => {
    const result = await runBin('iim', ['-i', 'panelRun', file, '1']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^iim-daemontools: daemontools/);
  });

  it("turns the entry's failure into a problem naming its exit status", async () => {
    // -f: without it the link check refuses the broken line first, naming the same usage error
    const checked = await runBin('iim', ['-i', 'panelRun', file, '2']);
    expect(checked.stderr).toContain('unknown command "noSuchCommand"');
    const result = await runBin('iim', ['-f', '-i', 'panelRun', file, '2']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('unknown command "noSuchCommand"');
    expect(result.stderr).toMatch(/iim: panelRun: FAILED: .*iim-daemontools\.js -i describe noSuchCommand \[exit 2\]/);
  });

  it('refuses a destructive entry without -f, runs it with -f', async () => {
    const refused = await runBin('iim', ['-i', 'panelRun', file, '3']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('entry 3 (iim-daemontools -f -i describe) is destructive: if you really want to run it, specify -f');
    expect((await runBin('iim', ['-f', '-i', 'panelRun', file, '3'])).status).toBe(0);
  });

  it('shows without running under -n showOnly', async () => {
    const result = await runBin('iim', ['-n', 'showOnly', '-i', 'panelRun', file, '1']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/dist\/bin\/iim-daemontools\.js -i describe\n/);
  });

  it('rejects an entry number out of range', async () => {
    const result = await runBin('iim', ['-i', 'panelRun', file, '9']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('bad entry number "9"');
  });
});

describe('iim -i panel without a terminal', () => {
  it('behaves like panelList', async () => {
    const [menu, list] = await Promise.all([runBin('iim', ['-i', 'panel', 'dnscache']), runBin('iim', ['-i', 'panelList', 'dnscache'])]);
    expect(menu.status).toBe(0);
    expect(menu.stdout).toBe(list.stdout);
  });
});

describe('iim -i panelGenerate', () => {
  it('prints a new panel of a script with one link per example line', async () => {
    const result = await runBin('iim', ['-i', 'panelGenerate', 'iim-daemontools']);
    expect(result.status).toBe(0);
    const examples = await runBin('iim-daemontools', ['-i', 'examples']);
    const exampleLines = examples.stdout.split('\n').filter((line) => line.startsWith('iim'));
    expect(panelEntries(result.stdout).map((entry) => entry.line)).toEqual(exampleLines.map((line) => line.replace(/  # .*$/, '')));
  });

  it('creates FILE, then updates its blocks in place keeping the notes', async () => {
    const file = join(work, 'generated.org');
    expect((await runBin('iim', ['-i', 'panelGenerate', 'iim', file])).status).toBe(0);
    const first = readFileSync(file, 'utf8');
    const noted = first.replace('* Scripts\n', '* Scripts\nMy own note.\n').replace(/(#\+BEGIN: iim-examples :script iim :chapter "Scripts"\n)[^#]*/, '$1- stale\n');
    writeFileSync(file, noted);
    const again = await runBin('iim', ['-i', 'panelGenerate', 'iim', file]);
    expect(again.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(first.replace('* Scripts\n', '* Scripts\nMy own note.\n'));
    const unchanged = await runBin('iim', ['-i', 'panelGenerate', 'iim', file]);
    expect(unchanged.stderr).toContain('is up to date');
  });

  it('appends a block to a FILE that has none for the script', async () => {
    const file = panelFile('plain.org', '* Mine\nnotes\n');
    expect((await runBin('iim', ['-i', 'panelGenerate', 'iim-tinydns', file])).status).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('* Mine\nnotes\n\n* Examples of iim-tinydns\n#+BEGIN: iim-examples :script iim-tinydns :rest t\n')).toBe(true);
    expect(panelEntries(text).some((entry) => entry.line === 'iim-tinydns -i list')).toBe(true);
  });

  it('names the scripts when SCRIPT is unknown', async () => {
    const result = await runBin('iim', ['-i', 'panelGenerate', 'iim-nosuch']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown script "iim-nosuch": the scripts are iim, iim-daemontools, iim-tinydns, iim-dnscache');
  });
});
