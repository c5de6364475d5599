// -r DIR: the session as an org-mode log (invocation, when, who, each action with its
// exit status and output), written as it happens so a crash still leaves a record.
import { accessSync, closeSync, constants, lstatSync, mkdirSync, openSync, writeSync, type Stats } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Action, ActionOutcome } from './operations.js';
import { Problem } from './problems.js';
import { shellLine } from './shell-words.js';
import { cryptoModule } from './lazy-builtins.js';

const SYSTEM_DIRECTORY = '/var/log/iim';

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A log directory we may write into: a real directory (never a symlink, which anyone who
 * could write its parent may have planted), created with one mkdir under an existing parent
 * (recursive mkdir would create from / up, and never returns on /proc).
 */
function logDirectory(directory: string, { mustOwn = false, mode = 0o750 } = {}): string {
  const path = resolve(directory);
  let stats = lstatOrUndefined(path);
  if (!stats) {
    const parent = lstatOrUndefined(dirname(path));
    if (!parent?.isDirectory()) throw new Problem(`log directory ${path}: its parent ${dirname(path)} is not a directory`);
    try {
      mkdirSync(path, { mode });
    } catch (error) {
      throw new Problem(`cannot create log directory ${path}: ${reason(error)}`);
    }
    stats = lstatSync(path);
  }
  if (stats.isSymbolicLink()) throw new Problem(`log directory ${path} is a symbolic link: give the real directory`);
  if (!stats.isDirectory()) throw new Problem(`log directory ${path} is not a directory`);
  if (mustOwn && stats.uid !== process.getuid?.()) {
    throw new Problem(`log directory ${path} belongs to uid ${stats.uid}, not to us: remove it, or give -r DIR`);
  }
  return path;
}

/**
 * -r basic: $IIM_LOG_DIR when set (a real directory, created under an existing parent), else
 * /var/log/iim when we may write it, else $TMPDIR/iim-log, which must be our own.
 */
function basicDirectory(): { path: string; mode: number } {
  const chosen = process.env.IIM_LOG_DIR;
  if (chosen) return { path: logDirectory(chosen), mode: 0o640 };
  try {
    const path = logDirectory(SYSTEM_DIRECTORY);
    accessSync(path, constants.W_OK);
    return { path, mode: 0o640 };
  } catch {
    // not ours to write: our own directory under the temporary one
  }
  return { path: logDirectory(join(tmpdir(), 'iim-log'), { mustOwn: true, mode: 0o700 }), mode: 0o600 };
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
}

/**
 * Recorded text (arguments, output, messages) that org shows as text, never as a link to
 * follow: a zero-width space inside `[[`, after the `<` of an angle link, and before the
 * colon of a plain link that runs something (test/framework/recording-links.test.ts checks
 * with org-element in a real Emacs).
 */
export function inert(text: string): string {
  return text
    .replace(/\[(?=\[)/g, '[\u200b')
    .replace(/<(?=[A-Za-z][A-Za-z0-9+.-]*:)/g, '<\u200b')
    .replace(/(iim|shell|elisp)(?=:)/gi, '$1\u200b'); // also after an escape like \n
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

/**
 * Text for one line of the log (a heading, a list item, a link's description): inert, and
 * control characters escaped (\n, \r, \xHH), since a newline would end the item and start
 * a paragraph of its own in which org finds links again.
 */
export function oneLine(text: string): string {
  return inert(text.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, (c) => ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/**
 * A link to the file PATH; a path with control characters, brackets, backslashes or what could read as a
 * link of its own (any directory name a user chose, say) is shown as text, which cannot point anywhere else.
 */
function fileLink(path: string, description?: string): string {
  const label = description === undefined ? '' : `[${oneLine(description)}]`;
  if (/[\x00-\x1f\x7f[\]<>\\]/.test(path) || inert(path) !== path) return description === undefined ? oneLine(path) : `${oneLine(description)} (${oneLine(path)})`;
  return `[[file:${path}]${label}]`;
}

/** Text inside an org block, with lines that org would read as headings, keywords or the block's end escaped. */
function block(text: string, kind = 'example'): string {
  const body = inert(text).replace(/^([ \t]*)(,*(?:\*|#\+))/gm, '$1,$2').replace(/\n$/, '');
  return `#+begin_${kind}\n${body}\n#+end_${kind.split(' ')[0]}\n`;
}

export class SessionRecord {
  readonly path: string;
  private readonly fd: number;
  /** Result text printed since the last entry: written as one block before the next one. */
  private pendingResults = '';

  constructor(directory: string, scriptName: string, argv: readonly string[], scriptFile: string | undefined, mode: string) {
    const where = directory === 'basic' ? basicDirectory() : { path: logDirectory(directory), mode: 0o640 };
    const now = new Date();
    const user = userInfo().username;
    // unpredictable, created new (never an existing file or a planted link)
    this.path = join(where.path, `${user}-${scriptName}-${stamp(now)}-${process.pid}-${cryptoModule().randomBytes(4).toString('hex')}-log.org`);
    try {
      this.fd = openSync(this.path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW | constants.O_APPEND, where.mode);
    } catch (error) {
      throw new Problem(`cannot create log file ${this.path}: ${reason(error)}`);
    }
    this.append(
      [
        `#+TITLE: ${oneLine(scriptName)} session log`,
        `* ${oneLine(shellLine([scriptName, ...argv]))}`,
        `- When: ${now.toISOString()}`,
        `- Who: ${oneLine(user)} on ${oneLine(hostname())}`,
        `- Directory: ${fileLink(process.cwd())}`,
        scriptFile ? `- Script: ${fileLink(scriptFile)}` : '',
        `- Run mode: ${oneLine(mode)}`,
        '',
      ].filter((line, i, all) => line !== '' || i === all.length - 1).join('\n'),
    );
  }

  private append(text: string): void {
    writeSync(this.fd, text);
  }

  /** What the command printed on stdout (its results), recorded in order with its actions. */
  result(text: string): void {
    this.pendingResults += text;
  }

  private flushResults(): void {
    if (!this.pendingResults) return;
    const text = this.pendingResults;
    this.pendingResults = '';
    this.append(`** Result\n${block(text)}`);
  }

  action(_action: Action, line: string, origin: string | undefined, willRun: boolean): void {
    this.flushResults();
    const where = origin ? ` :: ${fileLink(origin.replace(/:(\d+)$/, '::$1'), origin)}` : '';
    const [first, ...rest] = line.split('\n');
    const body = rest.length ? block(line, 'src sh') : '';
    this.append(`** ${willRun ? 'run' : 'shown'}: =${oneLine(first)}=${where}\n${body}`);
  }

  outcome(outcome: ActionOutcome): void {
    if (!outcome.ran) return;
    const status = outcome.error ? `failed: ${oneLine(outcome.error)}` : `exit status ${outcome.status ?? 'none'}`;
    this.append(`- ${status}\n${outcome.output ? block(outcome.output) : ''}`);
  }

  note(heading: string, text: string): void {
    this.flushResults();
    this.append(`** ${oneLine(heading)}\n${text ? block(text) : ''}`);
  }

  finish(exitCode: number): void {
    this.flushResults();
    this.append(`* Exit status ${exitCode} at ${new Date().toISOString()}\n`);
    closeSync(this.fd);
  }
}
