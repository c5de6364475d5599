// Where text goes: results to stdout, everything else (shown operations, notes,
// problems, traces) to stderr. Colors come from chalk, loaded only for a terminal.
import type { ChalkInstance } from 'chalk';

type Paint = (text: string) => string;
const plain: Paint = (text) => text;

export interface Palette {
  heading: Paint;
  command: Paint;
  comment: Paint;
  shown: Paint;
  problem: Paint;
  note: Paint;
  good: Paint;
  bad: Paint;
}

const PLAIN: Palette = {
  heading: plain, command: plain, comment: plain, shown: plain, problem: plain, note: plain, good: plain, bad: plain,
};

function wantsColor(stream: { isTTY?: boolean }): boolean {
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && process.env.TERM !== 'dumb';
}

async function paletteFor(stream: { isTTY?: boolean }): Promise<Palette> {
  if (!wantsColor(stream)) return PLAIN;
  const { Chalk } = await import('chalk');
  const chalk: ChalkInstance = new Chalk({ level: 1 });
  return {
    heading: chalk.bold.blue,
    command: chalk.green,
    comment: chalk.dim,
    shown: chalk.cyan,
    problem: chalk.red.bold,
    note: chalk.yellow,
    good: chalk.green,
    bad: chalk.red,
  };
}

export interface Output {
  /** Colors for results on stdout. */
  colors: Palette;
  /** Colors for diagnostics on stderr. */
  errorColors: Palette;
  /** A result line (stdout). */
  result: (text: string) => void;
  /**
   * The result line of a change ("added and compiled: ..."), on stdout. The runner says when the
   * actions behind it were only shown or skipped (" (shown, not done)"); -q silences it.
   */
  done: (text: string) => void;
  /** Raw result text, no newline added (stdout). */
  write: (text: string) => void;
  /** A note for a human (stderr), iim's ANT_raw. */
  note: (text: string) => void;
  /** A warning (stderr). */
  warn: (text: string) => void;
  /** Machine-readable result (stdout). */
  json: (value: unknown) => void;
  /** Raw diagnostic text, no newline added (stderr). */
  diagnostic: (text: string) => void;
}

/** Where output goes; tests pass their own writers. */
export interface Streams {
  stdout: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };
  stderr: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };
}

export async function createOutput({ stdout, stderr }: Streams = { stdout: process.stdout, stderr: process.stderr }): Promise<Output> {
  const [colors, errorColors] = await Promise.all([paletteFor(stdout), paletteFor(stderr)]);
  return {
    colors,
    errorColors,
    result: (text) => void stdout.write(text + '\n'),
    done: (text) => void stdout.write(text + '\n'),
    write: (text) => void stdout.write(text),
    note: (text) => void stderr.write(errorColors.note(text) + '\n'),
    warn: (text) => void stderr.write(errorColors.note(`warning: ${text}`) + '\n'),
    json: (value) => void stdout.write(JSON.stringify(value, null, 2) + '\n'),
    diagnostic: (text) => void stderr.write(text),
  };
}

/** How many of a command's actions ran, and how many were only shown or skipped. */
export interface ActionTally {
  ran: number;
  notRun: number;
}

/** A change's result line, saying when its actions were not all done. */
export function doneLine(text: string, { ran, notRun }: ActionTally): string {
  if (notRun === 0) return text;
  if (ran === 0) return `${text} (shown, not done)`;
  return `${text} (not all done: ${notRun} of ${ran + notRun} actions shown or skipped, not run)`;
}
