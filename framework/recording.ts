// -r DIR: the session as an org-mode log (invocation, when, who, each action with its
// exit status and output), written as it happens so a crash still leaves a record.
import { appendFileSync, mkdirSync, accessSync, constants } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Action, ActionOutcome } from './operations.js';
import { shellLine } from './shell-words.js';

function basicDirectory(): string {
  const system = '/var/log/iim';
  try {
    mkdirSync(system, { recursive: true });
    accessSync(system, constants.W_OK);
    return system;
  } catch {
    return join(tmpdir(), 'iim-log');
  }
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
}

/** Text inside an org block, with lines that org would read as headings or keywords escaped. */
function block(text: string, kind = 'example'): string {
  const body = text.replace(/^(\*|#\+)/gm, ',$1').replace(/\n$/, '');
  return `#+begin_${kind}\n${body}\n#+end_${kind.split(' ')[0]}\n`;
}

export class SessionRecord {
  readonly path: string;

  constructor(directory: string, scriptName: string, argv: readonly string[], scriptFile: string | undefined, mode: string) {
    const where = directory === 'basic' ? basicDirectory() : directory;
    mkdirSync(where, { recursive: true });
    const now = new Date();
    const user = userInfo().username;
    this.path = join(where, `${user}-${scriptName}-${stamp(now)}-${process.pid}-log.org`);
    appendFileSync(
      this.path,
      [
        `#+TITLE: ${scriptName} session log`,
        `* ${shellLine([scriptName, ...argv])}`,
        `- When: ${now.toISOString()}`,
        `- Who: ${user} on ${hostname()}`,
        `- Directory: [[file:${process.cwd()}]]`,
        scriptFile ? `- Script: [[file:${scriptFile}]]` : '',
        `- Run mode: ${mode}`,
        '',
      ].filter((line, i, all) => line !== '' || i === all.length - 1).join('\n'),
    );
  }

  action(_action: Action, line: string, origin: string | undefined, willRun: boolean): void {
    const where = origin ? ` :: [[file:${origin.replace(/:(\d+)$/, '::$1')}][${origin}]]` : '';
    const [first, ...rest] = line.split('\n');
    const body = rest.length ? block(line, 'src sh') : '';
    appendFileSync(this.path, `** ${willRun ? 'run' : 'shown'}: =${first}=${where}\n${body}`);
  }

  outcome(outcome: ActionOutcome): void {
    if (!outcome.ran) return;
    const status = outcome.error ? `failed: ${outcome.error}` : `exit status ${outcome.status ?? 'none'}`;
    appendFileSync(this.path, `- ${status}\n${outcome.output ? block(outcome.output) : ''}`);
  }

  note(heading: string, text: string): void {
    appendFileSync(this.path, `** ${heading}\n${text ? block(text) : ''}`);
  }

  finish(exitCode: number): void {
    appendFileSync(this.path, `* Exit status ${exitCode} at ${new Date().toISOString()}\n`);
  }
}
