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

function block(text: string): string {
  const body = text.replace(/^(\*|#\+)/gm, ',$1').replace(/\n$/, '');
  return `#+begin_example\n${body}\n#+end_example\n`;
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

  action(action: Action, line: string, origin: string | undefined, willRun: boolean): void {
    const where = origin ? ` :: [[file:${origin.replace(/:(\d+)$/, '::$1')}][${origin}]]` : '';
    appendFileSync(this.path, `** ${willRun ? 'run' : 'shown'}: =${line}=${where}\n`);
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
