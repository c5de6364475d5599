// Examples: runnable command lines grouped in chapters and sections, rendered with
// iim's separator lines so that every command line can be pasted into a shell as printed.
import { shellLine, splitWords } from './shell-words.js';

export type HeadingLevel = 'chapter' | 'section' | 'subsection';

export type ExampleItem =
  | { kind: HeadingLevel; title: string }
  | { kind: 'command'; words: string[]; line: string; comment?: string };

export interface ExampleContext {
  /** The script's name. */
  name: string;
  /** Current parameter values (defaults, then -p). */
  params: Record<string, string>;
  /**
   * An example command line of this script. `words` come after the script name
   * and the common option set; a string is split like a shell would.
   */
  cmd: (words: string | readonly string[], comment?: string) => ExampleItem;
  /** An example line of another program (another iim script, or a djb tool). */
  line: (words: string | readonly string[], comment?: string) => ExampleItem;
}

export const chapter = (title: string): ExampleItem => ({ kind: 'chapter', title });
export const section = (title: string): ExampleItem => ({ kind: 'section', title });
export const subsection = (title: string): ExampleItem => ({ kind: 'subsection', title });

/** The common option set less its `-n MODE` when a line names its own run mode. */
function withoutRunModeIf(ownMode: boolean, options: readonly string[]): readonly string[] {
  if (!ownMode) return options;
  const at = options.indexOf('-n');
  return at < 0 ? options : [...options.slice(0, at), ...options.slice(at + 2)];
}

/** The parameters a line sets itself (`-p NAME=VALUE`): a given value of the same name is left out, the line's own wins. */
function paramNamesIn(words: readonly string[]): Set<string> {
  const names = new Set<string>();
  words.forEach((word, at) => {
    if (word === '-p' && words[at + 1]?.includes('=')) names.add(words[at + 1].split('=')[0]);
  });
  return names;
}

export function exampleContext(
  name: string,
  params: Record<string, string>,
  optionWords: readonly string[],
  carriedParams: ReadonlyArray<[string, string]>,
): ExampleContext {
  const toWords = (words: string | readonly string[]) => (typeof words === 'string' ? splitWords(words) : [...words]);
  const cmd = (words: string | readonly string[], comment?: string): ExampleItem => {
    const own = toWords(words);
    const ownNames = paramNamesIn(own);
    const paramWords = carriedParams.filter(([key]) => !ownNames.has(key)).flatMap(([key, value]) => ['-p', `${key}=${value}`]);
    const all = [name, ...withoutRunModeIf(own.includes('-n'), optionWords), ...paramWords, ...own];
    return { kind: 'command', words: all.slice(1), line: shellLine(all), comment };
  };
  const line = (words: string | readonly string[], comment?: string): ExampleItem => {
    const all = toWords(words);
    return { kind: 'command', words: all.slice(1), line: shellLine(all), comment };
  };
  return { name, params, cmd, line };
}

const RULES: Record<HeadingLevel | 'top', [string, number, number]> = {
  top: ['#', 31, 33],
  chapter: ['#', 17, 17],
  section: ['=', 17, 17],
  subsection: ['-', 17, 17],
};

export function separatorLine(level: HeadingLevel | 'top', title: string): string {
  const [mark, before, after] = RULES[level];
  return `${mark.repeat(before)}  ${title}  ${mark.repeat(after)}`;
}

/** Which heading level a separator line is, for turning printed examples back into structure. */
export function parseSeparatorLine(text: string): { level: HeadingLevel | 'top'; title: string } | undefined {
  const match = /^([#=-])\1{16,}  (.*?)  \1{17,}$/.exec(text);
  if (!match) return undefined;
  const level = match[1] === '=' ? 'section' : match[1] === '-' ? 'subsection' : /^#{31}  /.test(text) ? 'top' : 'chapter';
  return { level, title: match[2] };
}

type Paint = (text: string) => string;
const asIs: Paint = (text) => text;

export function renderExamples(
  scriptName: string,
  items: readonly ExampleItem[],
  colors: { heading: Paint; command: Paint; comment: Paint } = { heading: asIs, command: asIs, comment: asIs },
): string {
  const lines = [colors.heading(separatorLine('top', scriptName))];
  for (const item of items) {
    if (item.kind === 'command') lines.push(colors.command(item.line) + (item.comment ? colors.comment(`  # ${item.comment}`) : ''));
    else lines.push(colors.heading(separatorLine(item.kind, item.title)));
  }
  return lines.join('\n') + '\n';
}
