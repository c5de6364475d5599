// The terminal menu over a panel's entries (enquirer, imported only here): headings as
// groups, type to filter, Enter edits the command line prefilled, then runs it.
import type { PanelEntry } from './org-panel.js';

export interface MenuHooks {
  /** Why a line must be confirmed before it runs (framework/link-trust.ts), or undefined. */
  whyConfirm: (line: string) => Promise<string | undefined>;
  /** Run an edited line; its failure is reported by the menu, which then shows the menu again. */
  run: (line: string) => Promise<void>;
  /** Report a failed run (stderr). */
  report: (message: string) => void;
}

interface Choice {
  name: string;
  message: string;
  role?: 'heading';
  hint?: string;
  /** What typing filters on. */
  haystack?: string;
}

type PromptOptions = Record<string, unknown>;
interface PromptInstance {
  run(): Promise<unknown>;
  render(): Promise<void>;
  prefix(): Promise<string>;
  clear(lines?: number): void;
  write(text: string): void;
  restore(): void;
  state: { submitted?: boolean; cancelled?: boolean; size?: number };
}
type PromptClass = new (options: PromptOptions) => PromptInstance;

interface Enquirer {
  AutoComplete: PromptClass;
  Input: PromptClass;
  Confirm: PromptClass;
}

const headingOf = (entry: PanelEntry) => entry.headings.join(' / ') || '(top)';

/** Cut text to the terminal's width: a wrapped entry would push the list off the screen. */
const fit = (text: string, width: number) => (text.length <= width ? text : text.slice(0, Math.max(1, width - 1)) + '…');

export function menuChoices(entries: readonly PanelEntry[], width = Infinity): Choice[] {
  const choices: Choice[] = [];
  let group: string | undefined;
  for (const entry of entries) {
    const heading = headingOf(entry);
    if (heading !== group) {
      choices.push({ name: `heading ${choices.length}`, message: fit(heading, width), role: 'heading' });
      group = heading;
    }
    const message = entry.description === entry.line ? entry.line : `${entry.description}  — ${entry.line}`;
    choices.push({ name: String(entry.number), message: fit(`  ${message}`, width), haystack: `${heading} ${message}`.toLowerCase() });
  }
  return choices;
}

/** Entries whose heading, description or line contain every typed word; a heading stays while one of its entries does. */
export function filterChoices(input: string, choices: readonly Choice[]): Choice[] {
  const words = input.toLowerCase().split(/\s+/).filter(Boolean);
  const kept: Choice[] = [];
  let pendingHeading: Choice | undefined;
  for (const choice of choices) {
    if (choice.role === 'heading') {
      pendingHeading = choice;
      continue;
    }
    if (!words.every((word) => choice.haystack?.includes(word))) continue;
    if (pendingHeading) kept.push(pendingHeading);
    pendingHeading = undefined;
    kept.push(choice);
  }
  return kept;
}

/**
 * The prompt CLASS whose answered or cancelled form is the one line `finalLine` says (after
 * enquirer's ✔ or ✖), not enquirer's own: that shows its internal value (`(y/N) · false`,
 * `· heading 0`, a choice's number) beside hints that no longer apply.
 */
function settling(Base: PromptClass, finalLine: (prompt: PromptInstance, cancelled: boolean) => string): PromptClass {
  return class extends Base {
    override async render(): Promise<void> {
      if (!this.state.submitted) return super.render();
      const line = `${await this.prefix()} ${finalLine(this, Boolean(this.state.cancelled))}`;
      this.clear(this.state.size);
      this.write(line);
      this.restore();
    }
  };
}

/** Is this rejection enquirer's cancel (Escape, Ctrl-C)? It rejects with an empty string. */
const isCancel = (error: unknown) => error === '' || error === undefined || (error instanceof Error && error.message === '');

/** Ask a yes/no QUESTION in the terminal, no by default; Escape and Ctrl-C say no. */
export async function confirmInTerminal(question: string): Promise<boolean> {
  const enquirer = ((await import('enquirer')) as unknown as { default: Enquirer }).default;
  try {
    const Confirm = settling(enquirer.Confirm, (prompt) => {
      // enquirer's own render is what stores the answer (`value = cast(input)`): do it here.
      const answer = prompt as unknown as { value: boolean; input: unknown; cast(input: unknown): boolean };
      answer.value = answer.cast(answer.input);
      return `${question} ${answer.value ? 'yes' : 'no'}`;
    });
    return Boolean(await new Confirm({ name: 'sure', message: question, initial: false }).run());
  } catch (error) {
    if (isCancel(error)) return false;
    throw error;
  }
}

export async function panelMenu(title: string, entries: readonly PanelEntry[], hooks: MenuHooks): Promise<void> {
  const enquirer = ((await import('enquirer')) as unknown as { default: Enquirer }).default;
  const choices = menuChoices(entries, (process.stdout.columns || 80) - 3);
  const byNumber = new Map(entries.map((entry) => [String(entry.number), entry]));
  const rows = process.stdout.rows || 24;
  const Menu = settling(enquirer.AutoComplete, (prompt, cancelled) => {
    if (cancelled) return 'menu closed';
    const entry = byNumber.get(String((prompt as unknown as { selected?: { name: string } }).selected?.name));
    return `${title}: ${entry?.description ?? ''}`;
  });
  const LineEditor = settling(enquirer.Input, (prompt, cancelled) => {
    const line = String((prompt as unknown as { value?: string }).value ?? '').trim();
    return cancelled ? `not run: ${line}` : `run: ${line}`;
  });
  for (;;) {
    let picked: string;
    try {
      picked = String(
        await new Menu({
          name: 'entry',
          message: `${title} (type to filter, Enter to choose, Esc to quit)`,
          limit: Math.max(5, rows - 4),
          choices: choices.map((choice) => ({ ...choice })),
          suggest: (input: string, all: Choice[]) => filterChoices(input, all),
        }).run(),
      );
    } catch (error) {
      if (isCancel(error)) return;
      throw error;
    }
    const entry = byNumber.get(picked);
    if (!entry) return;
    let line: string;
    try {
      line = String(
        await new LineEditor({
          name: 'line',
          message: 'Run (edit, Enter to run, Esc to go back)',
          onRun(prompt: { input: string; cursor: number }) {
            prompt.input = entry.line;
            prompt.cursor = entry.line.length;
          },

        }).run(),
      ).trim();
    } catch (error) {
      if (isCancel(error)) continue;
      throw error;
    }
    if (!line) continue;
    const why = await hooks.whyConfirm(line);
    if (why !== undefined && !(await confirmInTerminal(`${line} ${why}: run it?`))) continue;
    try {
      await hooks.run(line);
      process.stderr.write(`[${line}: done]\n`);
    } catch (error) {
      hooks.report(error instanceof Error ? error.message : String(error));
    }
  }
}
