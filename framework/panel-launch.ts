// Launching panel entries from a terminal: find the panel file, check a line against the
// scripts' declarations, and run it as an argument vector (never through a shell).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { arityOf, type ScriptDeclaration } from './declaration.js';
import { parseInvocation } from './argv.js';
import type { Operations } from './operations.js';
import { panelEntries, type PanelEntry } from './org-panel.js';
import { packageRoot, panelsDirectory } from './paths.js';
import { problem, usage } from './problems.js';
import { isExecutable } from './requirements.js';
import { commandNamed } from './seeded-commands.js';
import { splitWords } from './shell-words.js';

/** The scripts a panel line may name (the registry in scripts/). */
export interface ScriptCatalog {
  names(): string[];
  load(name: string): Promise<ScriptDeclaration | undefined>;
}

/** PANEL is a path, or a short name of a shipped panel: `dnscache` → panels/dnscache.org. */
export function resolvePanel(panel: string): string {
  if (panel.includes('/') || panel.endsWith('.org')) {
    if (!existsSync(panel)) problem('no panel file %s', panel);
    return panel;
  }
  const file = join(panelsDirectory(), `${panel}.org`);
  if (!existsSync(file)) usage('no panel named "%s" in %s', panel, panelsDirectory());
  return file;
}

export function readPanel(file: string): PanelEntry[] {
  return panelEntries(readFileSync(file, 'utf8'));
}

export function entryNumbered(entries: readonly PanelEntry[], text: string, file: string): PanelEntry {
  const number = Number(text);
  if (!/^[0-9]+$/.test(text) || number < 1 || number > entries.length) {
    usage('bad entry number "%s": %s has entries 1 to %s', text, file, entries.length);
  }
  return entries[number - 1];
}

export function renderEntryList(entries: readonly PanelEntry[]): string {
  const width = String(entries.length).length;
  return entries.map((entry) => `${String(entry.number).padStart(width)}  ${entry.headings.join(' / ') || '-'}  ${entry.line}`).join('\n') + (entries.length ? '\n' : '');
}

/**
 * Our own sibling bin for a script name (same version as this one); else an executable of
 * that name beside the panel (a script of your own next to its Panel.org); else the name, for PATH.
 */
export function programFor(name: string, catalog: ScriptCatalog, panelDirectory?: string): string {
  if (catalog.names().includes(name)) {
    const bin = join(packageRoot(), 'dist', 'bin', `${name}.js`);
    return existsSync(bin) ? bin : name;
  }
  if (panelDirectory !== undefined && !name.includes('/')) {
    // resolve, not join: join('.', 'x.mjs') is the bare word x.mjs, which would search PATH
    const beside = resolve(panelDirectory, name);
    if (isExecutable(beside)) return beside;
  }
  return name;
}

/** Why a line is not a runnable invocation of one of our scripts, or undefined when it is. */
export async function lineProblem(words: readonly string[], catalog: ScriptCatalog): Promise<string | undefined> {
  const [name, ...rest] = words;
  const script = name === undefined ? undefined : await catalog.load(name);
  if (!script) return `"${name ?? ''}" is not an iim script (${catalog.names().join(', ')})`;
  let invocation;
  try {
    invocation = parseInvocation(rest);
  } catch (error) {
    return (error as Error).message;
  }
  const commandName = invocation.command ?? 'examples';
  const command = commandNamed(script, commandName);
  if (!command) return `${name} has no command "${commandName}"`;
  const { min, max } = arityOf(command.args);
  if (invocation.args.length < min || invocation.args.length > max) {
    return `${name} -i ${commandName} takes ${min}${max === min ? '' : ` to ${max}`} arguments, got ${invocation.args.length}`;
  }
  return undefined;
}

/** What a line's command says about itself before it runs from a panel (its `confirm`), if anything. */
export async function confirmOfLine(line: string, catalog: ScriptCatalog): Promise<string | undefined> {
  const [name, ...rest] = splitWords(line);
  let invocation;
  try {
    invocation = parseInvocation(rest);
  } catch {
    return undefined;
  }
  const script = name === undefined ? undefined : await catalog.load(name);
  return script && invocation.command ? commandNamed(script, invocation.command)?.confirm : undefined;
}

/** A line is destructive when it forces (-f) or names a command declared destructive. */
export async function isDestructiveLine(line: string, catalog: ScriptCatalog): Promise<boolean> {
  const [name, ...rest] = splitWords(line);
  let invocation;
  try {
    invocation = parseInvocation(rest);
  } catch {
    return rest.includes('-f');
  }
  if (invocation.force) return true;
  const script = name === undefined ? undefined : await catalog.load(name);
  return Boolean(script && invocation.command && commandNamed(script, invocation.command)?.destructive);
}

/** Run a command line's words with their output streamed; a non-zero exit becomes a Problem (ProgramFailed). */
export async function runLine(op: Operations, line: string, catalog: ScriptCatalog, panelDirectory?: string): Promise<void> {
  const [name, ...args] = splitWords(line);
  if (name === undefined) problem('empty command line');
  await op.run(programFor(name, catalog, panelDirectory), args, { stream: true });
}
