// Help, command lists and descriptions, all derived from the declaration.
import type { CommandDeclaration, ScriptDeclaration, ParamDeclaration } from './declaration.js';
import { firstSentence, RUN_MODES } from './declaration.js';
import { FRAMEWORK_PARAMS, type ResolvedParams } from './params.js';

/** A command's brief: declared, or the first sentence of its describe text. */
export function briefOf(command: CommandDeclaration): string {
  return command.brief ?? firstSentence(command.describe);
}

export function usageLine(script: ScriptDeclaration, name: string, command: CommandDeclaration): string {
  const args = (command.args ?? []).join(' ');
  return `${script.name}${command.destructive ? ' -f' : ''} -i ${name}${args ? ' ' + args : ''}`;
}

function flags(command: CommandDeclaration): string {
  const marks = [
    command.destructive && 'destructive: needs -f',
    command.root && 'needs root',
    command.protectedSections && 'protected sections',
  ].filter(Boolean);
  return marks.length ? ` (${marks.join('; ')})` : '';
}

export function renderList(commands: Record<string, CommandDeclaration>): string {
  const names = Object.keys(commands);
  const width = Math.max(...names.map((n) => n.length));
  return names.map((name) => `${name.padEnd(width)}  ${briefOf(commands[name])}`).join('\n') + '\n';
}

export function renderCommandDescription(script: ScriptDeclaration, name: string, command: CommandDeclaration): string {
  const lines = [`usage: ${usageLine(script, name, command)}${flags(command)}`, '', command.describe.trim()];
  if (command.needs?.length) lines.push('', `Runs: ${command.needs.join(', ')}`);
  return lines.join('\n') + '\n';
}

export function renderScriptDescription(script: ScriptDeclaration): string {
  return `${script.name}: ${script.brief}\n\n${script.describe.trim()}\n`;
}

function renderParamLines(params: Record<string, ParamDeclaration>, resolved?: ResolvedParams): string[] {
  const names = Object.keys(params);
  const width = Math.max(...names.map((n) => n.length));
  return names.map((name) => {
    const p = params[name];
    const value = resolved
      ? `= ${JSON.stringify(resolved.values[name])} (${resolved.sources[name]})`
      : p.mandatory
        ? '(mandatory)'
        : typeof p.default === 'string'
          ? `(default ${JSON.stringify(p.default)})`
          : '';
    const choices = p.choices ? ` [${p.choices.join('|')}]` : '';
    return `  ${name.padEnd(width)}  ${p.describe}${choices} ${value}`.trimEnd();
  });
}

export function renderParams(script: ScriptDeclaration, resolved: ResolvedParams): string {
  return renderParamLines({ ...(script.params ?? {}), ...FRAMEWORK_PARAMS }, resolved).join('\n') + '\n';
}

export function renderHelp(script: ScriptDeclaration, seeded: Record<string, CommandDeclaration>): string {
  const commands = Object.entries(script.commands);
  const width = Math.max(...[...commands.map(([n]) => n), ...Object.keys(seeded)].map((n) => n.length));
  const commandLine = ([name, command]: [string, CommandDeclaration]) =>
    `  ${name.padEnd(width)}  ${briefOf(command)}${flags(command)}`;
  return [
    `${script.name}: ${script.brief}`,
    '',
    `usage: ${script.name} [options] -i COMMAND [options] [ARGS...]`,
    `       ${script.name}              (no arguments: the examples)`,
    '',
    'Options (they may also follow -i COMMAND, up to the first argument):',
    '  -i, --invoke NAME     run the command NAME with the remaining arguments',
    '  -p, --param N=V       set parameter N (repeatable)',
    `  -n MODE               run mode: ${RUN_MODES.join(', ')} (default runOnly)`,
    '  -v                    verbose: show each action and where it came from',
    '  -q                    quiet: no result line for a change (reports and problems still print)',
    '  -T LEVEL              trace on stderr: 1 the command and its parameters, 2 each action,',
    '                        3 each outcome, 5 stack traces, 9 the parsed invocation',
    '  -f                    force: required by destructive commands',
    '  -h                    human (accepted for iim compatibility)',
    '  -r DIR|basic          record the session as an org-mode log in DIR',
    '  --help                this help',
    '  --version             the version of this installation',
    '',
    'Commands:',
    ...commands.map(commandLine),
    '',
    'Seeded commands:',
    ...Object.entries(seeded).map(commandLine),
    '',
    'Parameters:',
    ...renderParamLines({ ...(script.params ?? {}), ...FRAMEWORK_PARAMS }),
    '',
    'Protected sections: the run modes runSafe, showProtected and showRunProtected treat them apart;',
    'commands without any run as with runOnly (or showRun under runSafe).',
    '',
    'Exit status: 0 success, 1 a command failed, 2 usage error.',
    '',
  ].join('\n');
}

/** The machine-readable declaration (`-i help -p format=json`): what editors and shell completion read. */
export function declarationObject(script: ScriptDeclaration, seeded: Record<string, CommandDeclaration>, resolved: ResolvedParams, version: string) {
  const command = (seededCommand: boolean) => ([name, c]: [string, CommandDeclaration]) => ({
    name,
    brief: briefOf(c),
    describe: c.describe.trim(),
    args: c.args ?? [],
    destructive: Boolean(c.destructive),
    root: Boolean(c.root),
    protectedSections: Boolean(c.protectedSections),
    needs: c.needs ?? [],
    seeded: seededCommand,
  });
  const params = { ...(script.params ?? {}), ...FRAMEWORK_PARAMS };
  return {
    name: script.name,
    version,
    brief: script.brief,
    // where an editor visits the script, and its shipped panel (panels/NAME.org), if any
    sourceFile: script.sourceFile ?? null,
    panel: script.panel ?? null,
    options: ['-i', '-p', '-n', '-v', '-q', '-T', '-f', '-h', '-r', '--help', '--version'],
    runModes: [...RUN_MODES],
    commands: [...Object.entries(script.commands).map(command(false)), ...Object.entries(seeded).map(command(true))],
    params: Object.entries(params).map(([name, p]) => ({
      name,
      describe: p.describe,
      default: typeof p.default === 'function' ? null : (p.default ?? null),
      computedDefault: typeof p.default === 'function',
      mandatory: Boolean(p.mandatory),
      choices: p.choices ?? null,
      value: resolved.values[name],
      source: resolved.sources[name],
      // one of the framework's parameters every script has (format, hosts, ...), not the script's own
      shared: !Object.hasOwn(script.params ?? {}, name),
    })),
  };
}
