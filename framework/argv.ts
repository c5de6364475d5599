// The iim command-line grammar: `script [options] [-i NAME] [options] [args...]`.
// Options stop at the first word that is not an option; from there on every word is an argument.
import parse from 'yargs-parser/browser';
import { RUN_MODES, type InvocationOptions, type RunMode } from './declaration.js';
import { UsageError } from './problems.js';

export interface Invocation extends InvocationOptions {
  /** The command named with -i (the last -i wins), or undefined. */
  command?: string;
  args: string[];
  help: boolean;
  version: boolean;
}

const STRING_OPTIONS = ['i', 'p', 'n', 'T', 'r', 'e'];
const BOOLEAN_OPTIONS = ['v', 'f', 'h', 'q', 'help', 'version'];
const ALIASES = { i: ['invoke'], p: ['param'], n: ['runMode'], T: ['trace'], r: ['record'], e: ['extra'], q: ['quiet'] };
const OPTIONS_HINT = 'options: -i NAME, -p NAME=VALUE, -n MODE, -v, -q, -T LEVEL, -f, -h, -r DIR, --help, --version';
/** Long options, and what a single dash before one of them meant. */
const LONG_OPTIONS = ['help', 'version', 'invoke', 'param', 'runMode', 'trace', 'record', 'quiet'];
const KNOWN = new Set(['_', '--', ...STRING_OPTIONS, ...BOOLEAN_OPTIONS, ...Object.values(ALIASES).flat()]);

const last = (value: unknown): string | undefined =>
  value === undefined ? undefined : String(Array.isArray(value) ? value[value.length - 1] : value);
const all = (value: unknown): string[] =>
  value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);

/** `-help`: a long option typed with one dash (yargs would read it as -h -e lp). */
function refuseSingleDashLong(argv: readonly string[]): void {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (!word.startsWith('-') || word === '--') return;
    if (/^-[iupnTre]$/.test(word) || /^--(invoke|param|runMode|trace|record|extra)$/.test(word)) i++; // its value
    const long = LONG_OPTIONS.find((name) => word === `-${name}`);
    if (long) throw new UsageError(`unknown option ${word}`, `did you mean --${long}?`);
  }
}

export function parseInvocation(argv: readonly string[]): Invocation {
  refuseSingleDashLong(argv);
  const parsed = parse([...argv], {
    string: STRING_OPTIONS,
    boolean: BOOLEAN_OPTIONS,
    alias: ALIASES,
    configuration: {
      'halt-at-non-option': true,
      'parse-numbers': false,
      'parse-positional-numbers': false,
      'camel-case-expansion': false,
      'dot-notation': false,
      'duplicate-arguments-array': true,
      'flatten-duplicate-arrays': true,
      'populate--': true,
      'strip-aliased': true,
      'boolean-negation': false,
    },
  });

  const unknown = Object.keys(parsed).filter((key) => !KNOWN.has(key));
  if (unknown.length > 0) {
    const shown = unknown.map((key) => (key.length === 1 ? `-${key}` : `--${key}`)).join(', ');
    throw new UsageError(`unknown option ${shown}`, OPTIONS_HINT);
  }

  const mode = last(parsed.n) ?? 'runOnly';
  if (!(RUN_MODES as readonly string[]).includes(mode)) {
    throw new UsageError(`bad run mode "${mode}" for -n`, `expected one of: ${RUN_MODES.join(', ')}`);
  }

  const traceText = last(parsed.T) ?? '0';
  if (!/^[0-9]$/.test(traceText)) throw new UsageError(`bad trace level "${traceText}" for -T`, 'expected a digit 0-9');

  const givenParams = all(parsed.p).map((assignment): [string, string] => {
    const equals = assignment.indexOf('=');
    if (equals <= 0) throw new UsageError(`malformed parameter "${assignment}"`, 'expected -p NAME=VALUE');
    return [assignment.slice(0, equals), assignment.slice(equals + 1)];
  });

  const command = last(parsed.i);
  if (command === '') throw new UsageError('-i needs a command name');

  const record = last(parsed.r);
  if (record === '') throw new UsageError('-r needs a directory (or "basic")');

  return {
    command,
    args: [...parsed._.map(String), ...all(parsed['--'])],
    mode: mode as RunMode,
    verbose: Boolean(parsed.v),
    trace: Number(traceText),
    force: Boolean(parsed.f),
    human: Boolean(parsed.h),
    quiet: Boolean(parsed.q),
    help: Boolean(parsed.help),
    version: Boolean(parsed.version),
    record,
    givenParams,
  };
}

/** The option words that reproduce an invocation (for re-running through sudo or a sibling script). */
export function optionWords(options: InvocationOptions, { includeParams = true } = {}): string[] {
  const words: string[] = [];
  if (options.human) words.push('-h');
  if (options.verbose) words.push('-v');
  if (options.force) words.push('-f');
  if (options.quiet) words.push('-q');
  if (options.mode !== 'runOnly') words.push('-n', options.mode);
  if (options.trace > 0) words.push('-T', String(options.trace));
  if (options.record) words.push('-r', options.record);
  if (includeParams) for (const [key, value] of options.givenParams) words.push('-p', `${key}=${value}`);
  return words;
}
