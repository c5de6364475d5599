// The bodies of iim's panel commands (loaded only when one of them runs).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { panelsDirectory, problem, usage, type CommandContext, type ScriptDeclaration } from '../../framework/index.js';
import { resolveParams } from '../../framework/params.js';
import { examplesOf } from '../../framework/seeded-commands.js';
import { newPanel, updatePanel, type ExamplesSource } from '../../framework/panel-generate.js';
import { rewriteDynamicBlocks, dynamicBlocks } from '../../framework/org-panel.js';
import {
  entryNumbered, programFor, readPanel, renderEntryList, resolvePanel, runLine, type ScriptCatalog,
} from '../../framework/panel-launch.js';
import { confirmInTerminal } from '../../framework/panel-menu.js';
import { shellLine } from '../../framework/shell-words.js';
import { whyConfirm } from '../../framework/link-trust.js';
import { installedScripts } from './registry.js';

/** The installed scripts, as the running iim sees them. */
const catalogOf = (context: CommandContext): ScriptCatalog => installedScripts(context.script);

/** A path (./mine.mjs), not an installed script's name: a script file of the user's own. */
const isScriptFile = (name: string) => name.includes('/') || /\.m?js$/.test(name);

async function scriptNamed(name: string, catalog: ScriptCatalog): Promise<ScriptDeclaration> {
  if (isScriptFile(name)) return scriptInFile(name);
  const script = await catalog.load(name);
  if (!script) usage('unknown script "%s": the scripts are %s, or give the path of a script file like ./mine.mjs', name, catalog.names().join(', '));
  return script;
}

/** The declaration a script file exports (runIfMain keeps it from running when imported). */
async function scriptInFile(path: string): Promise<ScriptDeclaration> {
  const file = resolve(path);
  if (!existsSync(file)) usage('no script file %s', file);
  let module: { default?: Partial<ScriptDeclaration> };
  try {
    module = (await import(pathToFileURL(file).href)) as typeof module;
  } catch (error) {
    if (error instanceof SyntaxError) problem('%s: %s', syntaxErrorPlace(file), error.message);
    throw error;
  }
  const script = module.default;
  if (!script || typeof script.name !== 'string' || typeof script.commands !== 'object') {
    problem('%s does not export a script: expected export default defineScript({ ... })', file);
  }
  return script as ScriptDeclaration;
}

/**
 * FILE:LINE of a syntax error in FILE. Node 20's import() names no place; `node --check`
 * (a parse, nothing runs) prints it on its first line, as file:///FILE:LINE.
 */
function syntaxErrorPlace(file: string): string {
  const checked = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 });
  const place = /^(?:file:\/\/)?(\/[^\n]*):([0-9]+)$/m.exec(checked.stderr ?? '');
  return place ? `${place[1]}:${place[2]}` : file;
}

/** A script's examples with its default parameters, as a panel shows them. */
export async function examplesSource(name: string, catalog: ScriptCatalog, given: ReadonlyArray<[string, string]> = []): Promise<ExamplesSource> {
  const script = await scriptNamed(name, catalog);
  const params = resolveParams(script.params ?? {}, given).values;
  return { script: name, brief: script.brief, items: examplesOf(script, params, given), declaredName: script.name };
}

/**
 * The shipped panels again in DIRECTORY, their example lines carrying PARAMS (per script),
 * so that every link acts there (a lab's panels act on the lab, not on /etc).
 */
export async function writePanelsWith(context: CommandContext, directory: string, params: Record<string, ReadonlyArray<[string, string]>>): Promise<string> {
  const { op } = context;
  const catalog = catalogOf(context);
  await op.mkdir(directory);
  const scripts = await scriptsBlock(catalog);
  for (const name of readdirSync(panelsDirectory()).filter((f) => f.endsWith('.org')).sort()) {
    // The links written by hand around the blocks too; the blocks are regenerated below.
    let text = readFileSync(join(panelsDirectory(), name), 'utf8').replace(/\[\[iim:([A-Za-z0-9_.-]+) /g, (link, script: string) =>
      params[script]?.length ? `[[iim:${script} ${shellLine(params[script].flatMap(([key, value]) => ['-p', `${key}=${value}`]))} ` : link);
    const named = new Set(dynamicBlocks(text).filter((b) => b.name === 'iim-examples').map((b) => b.params.script));
    for (const script of named) {
      const source = await examplesSource(script, catalog, params[script] ?? []);
      text = updatePanel(text, source, linksFor(source, catalog)).text;
    }
    text = rewriteDynamicBlocks(text, 'iim-scripts', () => scripts);
    await op.writeFile(join(directory, name), text);
  }
  return join(directory, 'index.org');
}

/** Lines of our installed scripts, and of the script a panel is made from, become links. */
const linksFor = (source: ExamplesSource, catalog: ScriptCatalog) => (name: string) =>
  catalog.names().includes(name) || name === source.declaredName;

export async function listScripts(context: CommandContext): Promise<void> {
  const { params, out } = context;
  const catalog = catalogOf(context);
  const scripts = await Promise.all(catalog.names().map(async (name) => (await scriptNamed(name, catalog))));
  if (params.format === 'json') {
    out.json(scripts.map((s) => ({ name: s.name, brief: s.brief, panel: s.panel ?? null, commands: Object.keys(s.commands) })));
    return;
  }
  const width = Math.max(...scripts.map((s) => s.name.length));
  out.write(scripts.map((s) => `${s.name.padEnd(width)}  ${s.brief}\n`).join(''));
}

export async function panelList({ args, params, out }: CommandContext): Promise<void> {
  const entries = readPanel(resolvePanel(args[0]));
  if (params.format === 'json') out.json(entries.map(({ words: _words, ...entry }) => entry));
  else out.write(renderEntryList(entries));
}

export async function panelRun(context: CommandContext): Promise<void> {
  const { args, op, force } = context;
  const catalog = catalogOf(context);
  const file = resolvePanel(args[0]);
  const entry = entryNumbered(readPanel(file), args[1], file);
  const why = force ? undefined : await whyConfirm(entry.line, catalog, { panelDirectory: dirname(file) });
  if (why !== undefined && !(process.stdin.isTTY && process.stdout.isTTY && (await confirmInTerminal(`${entry.line} ${why}: run it?`)))) {
    problem('entry %s (%s) %s: if you really want to run it, specify -f', entry.number, entry.line, why);
  }
  await runLine(op, entry.line, catalog, dirname(file));
}

export async function panelTrust(context: CommandContext): Promise<void> {
  const { args: [line, directory], out } = context;
  // Emacs runs a link in the panel's directory: its dry run runs there too.
  const where = directory === undefined ? undefined : resolve(directory);
  const why = await whyConfirm(line, catalogOf(context), { panelDirectory: where, cwd: where });
  out.result(why === undefined ? 'trusted' : `confirm: ${why}`);
}

export async function panelMenuCommand(context: CommandContext): Promise<void> {
  const { args, params, op, out } = context;
  const catalog = catalogOf(context);
  const file = resolvePanel(args[0] ?? 'index');
  if (params.editor === 'yes') {
    const { visitFile } = await import('../../framework/editor.js');
    const how = await visitFile(op, file);
    if (op.performs) out.note(`opened ${file} with ${how}`);
    return;
  }
  const entries = readPanel(file);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    out.write(renderEntryList(entries));
    return;
  }
  const { panelMenu } = await import('../../framework/panel-menu.js');
  await panelMenu(file, entries, {
    whyConfirm: (line) => whyConfirm(line, catalog, { panelDirectory: dirname(file) }),
    run: (line) => runLine(op, line, catalog, dirname(file)),
    report: (message) => process.stderr.write(out.errorColors.problem(message) + '\n'),
  });
}

export async function panelGenerate(context: CommandContext): Promise<void> {
  const { args, op, out } = context;
  const catalog = catalogOf(context);
  const [name, file = '-'] = args;
  const source = await examplesSource(name, catalog);
  if (file === '-') return out.write(newPanel(source, linksFor(source, catalog)));
  const directory = dirname(resolve(file));
  if (!existsSync(directory) || !statSync(directory).isDirectory()) problem('no directory %s to write %s in: make it first (mkdir -p %s)', directory, file, directory);
  if (!existsSync(file)) return op.writeFile(file, newPanel(source, linksFor(source, catalog)));
  const existing = readFileSync(file, 'utf8');
  let { text, blocks } = updatePanel(existing, source, linksFor(source, catalog));
  if (blocks === 0) {
    out.note(`${file} had no iim-examples block for ${name}: appending one`);
    text = `${text.replace(/\n*$/, '\n')}\n* Examples of ${name}\n#+BEGIN: iim-examples :script ${name} :rest t\n#+END:\n`;
    text = updatePanel(text, source, linksFor(source, catalog)).text;
  }
  if (text !== existing) await op.writeFile(file, text);
  else out.note(`${file} is up to date`);
}

/** The iim-scripts block: one line per script, with a launch link and its panel. */
async function scriptsBlock(catalog: ScriptCatalog): Promise<string> {
  const lines: string[] = [];
  for (const name of catalog.names()) {
    const script = await scriptNamed(name, catalog);
    const panel = script.panel && script.panel !== 'index' ? ` — panel: [[file:${script.panel}.org][${script.panel}]]` : '';
    lines.push(`- [[iim:${name} -i describe][${name}]]: ${script.brief}${panel}`);
  }
  return lines.join('\n');
}

export async function panelsUpdate(context: CommandContext): Promise<void> {
  const { args, op, out } = context;
  const catalog = catalogOf(context);
  const files = args.length ? args : readdirSync(panelsDirectory()).filter((f) => f.endsWith('.org')).sort().map((f) => join(panelsDirectory(), f));
  for (const file of files) {
    const existing = readFileSync(file, 'utf8');
    let text = existing;
    const named = new Set(dynamicBlocks(text).filter((b) => b.name === 'iim-examples').map((b) => b.params.script));
    for (const name of named) {
      const source = await examplesSource(name, catalog);
      text = updatePanel(text, source, linksFor(source, catalog)).text;
    }
    const scripts = await scriptsBlock(catalog);
    text = rewriteDynamicBlocks(text, 'iim-scripts', () => scripts);
    if (text !== existing) {
      await op.writeFile(file, text);
      out.note(`updated ${file}`);
    }
  }
}

const lispString = (text: string) => `"${text.replace(/[\\"]/g, '\\$&')}"`;
const OUTPUT_LIMIT = 100_000;
/** -v's `** [SCRIPT COMMAND] FILE:LINE` as an Emacs regexp (iim-source-regexp in panels/iim.el). */
const SOURCE_LINE_REGEXP = '^\\*\\* \\[[^]\n]*\\] \\([^\n]+\\):\\([0-9]+\\)$';
/** `SCRIPT: COMMAND: FILE:LINE: why` (iim-problem-regexp): gnu's rule takes one program prefix, not two. */
const PROBLEM_REGEXP = '^[[:alnum:]_.-]+: [[:alnum:]_]+: \\([^ \n:][^\n:]*\\):\\([0-9]+\\): ';

/** iim's emlVisit: a command's output in an Emacs buffer, where FILE:LINE references are clickable. */
export async function emacsOutput(context: CommandContext): Promise<void> {
  const { args, op, out } = context;
  const [program, ...rest] = args;
  const { emacsServerRuns } = await import('../../framework/editor.js');
  if (!(await emacsServerRuns(op))) {
    problem('no Emacs server answers (emacsclient --eval t failed), so %s was not run: start one (M-x server-start, or emacs --daemon), or run it here: %s',
      program, shellLine(args));
  }
  const anyStatus = Array.from({ length: 255 }, (_, i) => i + 1);
  const result = await op.run(programFor(program, catalogOf(context)), rest, { okStatuses: anyStatus });
  if (!result.ran) return;
  let text = result.stdout + result.stderr;
  if (text.length > OUTPUT_LIMIT) text = text.slice(0, OUTPUT_LIMIT) + `\n[output cut at ${OUTPUT_LIMIT} characters]\n`;
  const header = `${[program, ...rest].join(' ')}  [exit ${result.status}]\n\n`;
  const lisp = `(let ((buffer (get-buffer-create "*iim*")))
  (with-current-buffer buffer
    (let ((inhibit-read-only t)) (erase-buffer) (insert ${lispString(header + text)}))
    (compilation-mode)
    (setq-local compilation-error-regexp-alist
                (append '((${lispString(SOURCE_LINE_REGEXP)} 1 2 nil 0) (${lispString(PROBLEM_REGEXP)} 1 2 nil 2)) compilation-error-regexp-alist))
    (setq default-directory ${lispString(process.cwd() + '/')}))
  (display-buffer buffer)
  (buffer-name buffer))`;
  await op.run('emacsclient', ['--eval', lisp]);
  if (op.performs) out.note(`output of ${program} sent to the Emacs buffer *iim*`);
  if (result.status !== 0) problem('%s exited with status %s', program, result.status);
}
