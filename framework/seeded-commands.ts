// The commands every script has (iim's seeded commands), derived from its declaration.
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import type { CommandContext, CommandDeclaration, ScriptDeclaration } from './declaration.js';
import { exampleContext, renderExamples, type ExampleItem } from './examples.js';
import { panelsDirectory } from './paths.js';
import { problem, UsageError } from './problems.js';
import { findProgram } from './requirements.js';
import { shellLine, splitWords } from './shell-words.js';

const help = () => import('./help.js');

/** The script's examples with the current parameters, plus the common seeded chapter. */
export function examplesOf(
  script: ScriptDeclaration, params: Record<string, string>, givenParams: ReadonlyArray<[string, string]>, program = script.name,
): ExampleItem[] {
  const options = splitWords(script.exampleOptions ?? '-h -v -n showRun');
  const carried = givenParams.filter(([name]) => name !== 'format' && name !== 'sudo');
  const context = exampleContext(program, params, options, carried);
  const plain = exampleContext(program, params, [], carried);
  const own = script.examples(context);
  const seeded = [
    plain.cmd('-i describe', 'what this script is for'),
    plain.cmd('-i list', 'its commands, one line each'),
    plain.cmd('-i help', 'options, commands and parameters'),
    plain.cmd('-i params', 'parameters with their current values'),
    plain.cmd('-i visit', 'open this script in the editor'),
    ...(script.panel ? [plain.cmd('-i panel', 'open its panel')] : []),
  ];
  // A seeded command the script's own examples already show (iim's `-i panel`) is shown once, there.
  const shown = new Set(own.map(invocationOf).filter(Boolean));
  return [...own, { kind: 'chapter', title: 'Seeded Commands' }, ...seeded.filter((item) => !shown.has(invocationOf(item)))];
}

/** An example line's command and arguments (from `-i` on), or '' for a heading or a line of another program. */
function invocationOf(item: ExampleItem): string {
  if (item.kind !== 'command') return '';
  const at = item.words.indexOf('-i');
  return at < 0 ? '' : item.words.slice(at).join(' ');
}

/**
 * The word that runs this script from here: its name, unless it is a script file of one's
 * own (its file is its name) that PATH does not find; then its path (./doe-iim.mjs), so
 * its examples run as printed.
 */
export function programWord(script: ScriptDeclaration, cwd = process.cwd()): string {
  const file = script.sourceFile;
  if (!file || basename(file) !== script.name) return script.name;
  const found = findProgram(script.name);
  if (found && realPathOf(found) === realPathOf(file)) return script.name;
  const near = relative(cwd, file);
  if (near.startsWith('..') || isAbsolute(near)) return file;
  return near.includes('/') ? near : `./${near}`;
}

function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function showExamples({ script, params, invocation, out }: CommandContext): void {
  out.write(renderExamples(script.name, examplesOf(script, params, invocation.givenParams, programWord(script)), out.colors));
}

export const SEEDED_COMMANDS: Record<string, CommandDeclaration> = {
  examples: {
    describe: 'Print runnable example command lines, grouped in chapters (also what runs with no arguments).',
    run: showExamples,
  },
  list: {
    describe: 'List the commands, one line each with their brief.',
    run: async ({ script, params, out }) => {
      const { briefOf, renderList } = await help();
      if (params.format === 'json') {
        out.json(Object.entries(script.commands).map(([name, c]) => ({
          name, brief: briefOf(c), args: c.args ?? [], destructive: Boolean(c.destructive), root: Boolean(c.root),
        })));
      } else out.write(renderList(script.commands));
    },
  },
  describe: {
    describe: 'Describe the script, or one COMMAND (its usage, flags and what it does).',
    args: ['[COMMAND]'],
    run: async ({ script, args, out }) => {
      const { renderCommandDescription, renderScriptDescription } = await help();
      if (args.length === 0) return out.write(renderScriptDescription(script));
      const name = args[0];
      const command = commandNamed(script, name);
      if (!command) {
        const { closestNames } = await import('./suggest.js');
        const close = closestNames(name, [...Object.keys(script.commands), ...Object.keys(SEEDED_COMMANDS)]);
        throw new UsageError(`unknown command "${name}"`, close.length ? `did you mean: ${close.join(', ')}?` : undefined);
      }
      out.write(renderCommandDescription(script, name, command));
    },
  },
  help: {
    describe: 'Show options, commands and parameters (the same as --help); -p format=json: the whole declaration, for editors and completion.',
    run: async ({ script, params, paramSources, out }) => {
      const { declarationObject, renderHelp } = await help();
      if (params.format !== 'json') return out.write(renderHelp(script, SEEDED_COMMANDS));
      const { packageVersion } = await import('./paths.js');
      out.json(declarationObject(script, SEEDED_COMMANDS, { values: params, sources: paramSources as never, missingMandatory: [] }, packageVersion()));
    },
  },
  completion: {
    brief: 'Print the shell completion script for SHELL (bash or zsh)',
    describe: 'Print the shell completion script for SHELL (bash or zsh): add `source <(SCRIPT -i completion bash)` to ~/.bashrc (install.sh installs it for bash when run as root).',
    args: ['SHELL', '[WORD...]'],
    run: async ({ script, args: [shell, ...words], out }) => {
      const { completeWords, completionScript } = await import('./completion.js');
      if (shell === 'complete') {
        // what the shell function asks at each TAB: the word typed and the line up to the cursor
        for (const candidate of completeWords(script, SEEDED_COMMANDS, words[0] ?? '', words[1] ?? '')) out.result(candidate);
        return;
      }
      if (shell !== 'bash' && shell !== 'zsh') throw new UsageError(`no completion for shell "${shell}"`, 'expected bash or zsh');
      out.write(completionScript(shell, script.name));
    },
  },
  params: {
    describe: 'Show each parameter with its current value and where it came from.',
    report: true,
    run: async ({ script, params, paramSources, out }) => {
      const { renderParams } = await help();
      if (params.format === 'json') {
        out.json(Object.keys(params).map((name) => ({ name, value: params[name], source: paramSources[name] })));
      } else out.write(renderParams(script, { values: params, sources: paramSources as never, missingMandatory: [] }));
    },
  },
  visit: {
    describe: "Open this script's source in the editor: emacsclient -n when an Emacs server runs, else $VISUAL or $EDITOR.",
    run: async ({ script, op, out }) => {
      if (!script.sourceFile) problem('this script does not know its source file');
      const { visitFile } = await import('./editor.js');
      const how = await visitFile(op, script.sourceFile);
      if (op.performs) out.note(`opened ${script.sourceFile} with ${how}`);
    },
  },
  panel: {
    describe: "Open this script's org panel through the editor client (a terminal menu: iim -i panel NAME).",
    run: async ({ script, op, out }) => {
      const file = panelFileOf(script);
      if (!existsSync(file)) problem('panel file %s is missing', file);
      const { visitFile } = await import('./editor.js');
      const how = await visitFile(op, file);
      if (op.performs) out.note(`opened ${file} with ${how}`);
    },
  },
};

/**
 * A shipped script's panel in panels/; a script of one's own (iim -i scriptStart) has its
 * Panel.org beside its source file, where the course's `iim -i panelGenerate` writes it.
 */
function panelFileOf(script: ScriptDeclaration): string {
  if (script.panel) return join(panelsDirectory(), `${script.panel}.org`);
  const beside = script.sourceFile ? join(dirname(script.sourceFile), 'Panel.org') : undefined;
  if (beside && existsSync(beside)) return beside;
  if (!beside) problem('%s has no panel (it declares none, and does not know its source file to look beside)', script.name);
  return problem('%s has no panel: no %s; make one with: %s', script.name, beside,
    shellLine(['iim', '-i', 'panelGenerate', script.sourceFile!, beside]));
}

/** A script's own command or a seeded one by NAME; names like constructor or __proto__ are no commands. */
export function commandNamed(script: ScriptDeclaration, name: string): CommandDeclaration | undefined {
  if (Object.hasOwn(script.commands, name)) return script.commands[name];
  return Object.hasOwn(SEEDED_COMMANDS, name) ? SEEDED_COMMANDS[name] : undefined;
}
