// What a script declares: name, brief, describe, params, examples, commands.
// Everything else (help, list, usage checks, panels) is derived from this.
import type { ExampleContext, ExampleItem } from './examples.js';
import type { Operations } from './operations.js';
import type { Output } from './output.js';
import type { RunMode } from './run-modes.js';

export { RUN_MODES, type RunMode } from './run-modes.js';

export type ParamValue = string;

export interface ParamDeclaration {
  describe: string;
  /** Default value; a function receives the other parameters (already resolved). */
  default?: string | ((params: Record<string, string>) => string);
  /** Allowed values (an enum). */
  choices?: readonly string[];
  /** Return a message saying what is wrong, or nothing when the value is fine. */
  validate?: (value: string) => string | undefined;
  /** Must be given with -p (iim's MANDATORY). */
  mandatory?: boolean;
}

export interface CommandContext {
  script: ScriptDeclaration;
  command: string;
  args: string[];
  params: Record<string, string>;
  /** Where each parameter's value came from: default, -p, or unset. */
  paramSources: Record<string, string>;
  op: Operations;
  out: Output;
  force: boolean;
  verbose: boolean;
  /** iim's TM_trace: print to stderr when the -T level is at least `level`. */
  trace: (level: number, message: string) => void;
  /** The options of this invocation, for re-running a sibling script the same way. */
  invocation: InvocationOptions;
}

export interface CommandDeclaration {
  describe: string;
  /** The line shown in list and --help; by default the first sentence of describe. */
  brief?: string;
  /** Argument names: NAME (one), [NAME] (optional), NAME... (one or more), [NAME...] (any). */
  args?: readonly string[];
  /** Needs -f to act (iim's force mode). */
  destructive?: boolean;
  /** Why a panel line of this command asks before it runs (it changes something system-wide), though it needs no -f. */
  confirm?: string;
  /** Needs root; without it the command says so, or re-runs through sudo with -p sudo=yes. */
  root?: boolean;
  /** External programs the command runs; checked (and their Debian package named) before it acts. */
  needs?: readonly string[];
  /** Has protected sections (op.protected): what -n runSafe, showProtected and showRunProtected treat apart. */
  protectedSections?: boolean;
  /** Runs on this machine even with -p hosts (it reaches the hosts itself, like hostsCheck). */
  runsHere?: boolean;
  /** Its output is a report (several lines that read together): with -p hosts, one block per host. */
  report?: boolean;
  run: (context: CommandContext) => Promise<void> | void;
}

export interface ScriptDeclaration {
  name: string;
  brief: string;
  describe: string;
  /** The option set shown on example lines, iim's extraInfo. */
  exampleOptions?: string;
  params?: Record<string, ParamDeclaration>;
  /** Which Debian package provides each program named in `needs`. */
  packages?: Record<string, string>;
  examples: (context: ExampleContext) => ExampleItem[];
  commands: Record<string, CommandDeclaration>;
  /** The file the script was defined in (for visit); set by defineScript's caller. */
  sourceFile?: string;
  /** Short name of this script's panel in panels/ (for the panel command). */
  panel?: string;
}

export interface InvocationOptions {
  mode: RunMode;
  verbose: boolean;
  trace: number;
  force: boolean;
  human: boolean;
  /** -q: no result lines for changes (out.done); reports and problems still print. */
  quiet?: boolean;
  record?: string;
  /** Parameters given with -p, in order. */
  givenParams: Array<[string, string]>;
}


interface Arity {
  min: number;
  max: number;
}

/** Arity from the declared argument names. */
export function arityOf(args: readonly string[] = []): Arity {
  let min = 0;
  let max = 0;
  for (const arg of args) {
    const optional = arg.startsWith('[');
    const repeated = arg.replace(/\]$/, '').endsWith('...');
    if (!optional) min++;
    max = repeated || max === Infinity ? Infinity : max + 1;
  }
  return { min, max };
}

/** The first sentence of a describe text (over its lines), without the final period: a command's brief. */
export function firstSentence(describe: string): string {
  const text = describe.trim().replace(/\s+/g, ' ');
  const sentence = /^(.*?[.!?])(\s|$)/.exec(text);
  return (sentence ? sentence[1] : text).replace(/\.$/, '');
}

/** What makes a brief look cut: a trailing comma, colon or semicolon, or an unclosed parenthesis. */
export function briefProblem(brief: string): string | undefined {
  if (/[,;:]$/.test(brief)) return `"${brief}" ends in "${brief.slice(-1)}"`;
  const open = (brief.match(/\(/g) ?? []).length;
  const close = (brief.match(/\)/g) ?? []).length;
  if (open !== close) return `"${brief}" leaves a parenthesis open`;
  return undefined;
}

/** Check a declaration when it loads, so a mistake shows at once and not when a user hits it. */
export function defineScript(script: ScriptDeclaration): ScriptDeclaration {
  // a program name as it is typed: iim-dnscache, lastName-iim.mjs
  if (!/^[A-Za-z][A-Za-z0-9_-]*(\.[a-z]+)?$/.test(script.name)) {
    throw new Error(`script name "${script.name}" must be a program name (letters, digits, _ and -, an extension like .mjs at most)`);
  }
  for (const [name, command] of Object.entries(script.commands)) {
    if (!/^[a-z][A-Za-z0-9]*$/.test(name)) throw new Error(`${script.name}: command "${name}" must be camelCase`);
    if (!command.describe) throw new Error(`${script.name}: command "${name}" has no describe text`);
    const cut = briefProblem(command.brief ?? firstSentence(command.describe));
    if (cut) throw new Error(`${script.name}: command "${name}": its brief ${cut}: end its first sentence, or declare a brief`);
    let seenOptional = false;
    for (const arg of command.args ?? []) {
      const optional = arg.startsWith('[');
      if (seenOptional && !optional) throw new Error(`${script.name}: ${name}: required argument ${arg} after an optional one`);
      seenOptional ||= optional;
    }
  }
  return script;
}
