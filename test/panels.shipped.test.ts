// Every iim: link of every shipped panel names a real script, one of its commands,
// with an argument count that command accepts (checked like the runner checks).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInvocation } from '../framework/argv.js';
import { arityOf } from '../framework/declaration.js';
import { panelEntries } from '../framework/org-panel.js';
import { dynamicBlocks } from '../framework/org-panel.js';
import { SEEDED_COMMANDS } from '../framework/seeded-commands.js';
import iim from '../scripts/iim.js';
import { installedScripts } from '../scripts/iim/registry.js';
import { projectRoot } from './support/run-bin.js';

const panelsDirectory = join(projectRoot, 'panels');
const { load: loadScript, names: scriptNames } = installedScripts(iim);
const panels = readdirSync(panelsDirectory).filter((file) => file.endsWith('.org')).sort();

describe('shipped panels', () => {
  it('are index, daemontools, tinydns and dnscache', () => {
    expect(panels).toEqual(['daemontools.org', 'dnscache.org', 'index.org', 'tinydns.org']);
  });

  it.each(panels)('%s: every iim: link runs a real command of a real script with an accepted argument count', async (panel) => {
    const entries = panelEntries(readFileSync(join(panelsDirectory, panel), 'utf8'));
    expect(entries.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const entry of entries) {
      const [name, ...rest] = entry.words;
      const script = await loadScript(name);
      if (!script) {
        wrong.push(`${panel}:${entry.fileLine}: "${name}" is not one of ${scriptNames().join(', ')}`);
        continue;
      }
      const invocation = parseInvocation(rest);
      const commandName = invocation.command ?? 'examples';
      const command = script.commands[commandName] ?? SEEDED_COMMANDS[commandName];
      if (!command) {
        wrong.push(`${panel}:${entry.fileLine}: ${name} has no command ${commandName}`);
        continue;
      }
      const { min, max } = arityOf(command.args);
      if (invocation.args.length < min || invocation.args.length > max) {
        wrong.push(`${panel}:${entry.fileLine}: ${entry.line}: ${invocation.args.length} arguments, ${commandName} takes ${min}..${max}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each(panels.filter((panel) => panel !== 'index.org'))('%s groups its tasks under setup, daily operations, file variables, logs, troubleshooting', (panel) => {
    const text = readFileSync(join(panelsDirectory, panel), 'utf8');
    const headings = text.split('\n').filter((line) => /^\* /.test(line)).map((line) => line.slice(2));
    expect(headings).toEqual(expect.arrayContaining(['Setup', 'Daily operations', 'File variables', 'Logs', 'Troubleshooting']));
    expect(dynamicBlocks(text).filter((block) => block.name === 'iim-examples').length).toBeGreaterThanOrEqual(3);
  });

  it('index links every other panel', () => {
    const text = readFileSync(join(panelsDirectory, 'index.org'), 'utf8');
    for (const panel of panels.filter((p) => p !== 'index.org')) expect(text).toContain(`[[file:${panel}]`);
  });
});
