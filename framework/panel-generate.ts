// Panels generated from a script's examples: `#+BEGIN: iim-examples :script NAME` blocks are
// filled with one iim: link per example line; hand-written text around the blocks is kept.
import type { ExampleItem } from './examples.js';
import { escapeLinkPath, rewriteDynamicBlocks, type DynamicBlock } from './org-panel.js';

export const EXAMPLES_BLOCK = 'iim-examples';

export interface ExamplesSource {
  /** As the panel names it: an installed script's name, or the path of a script file. */
  script: string;
  brief: string;
  items: readonly ExampleItem[];
  /** The script's own name, the first word of its example lines. */
  declaredName?: string;
}

type Chapter = { title: string; items: ExampleItem[] };

/** Examples grouped by chapter (items before the first chapter form an untitled one). */
export function chaptersOf(items: readonly ExampleItem[]): Chapter[] {
  const chapters: Chapter[] = [];
  for (const item of items) {
    if (item.kind === 'chapter') chapters.push({ title: item.title, items: [] });
    else {
      if (chapters.length === 0) chapters.push({ title: '', items: [] });
      chapters[chapters.length - 1].items.push(item);
    }
  }
  return chapters;
}

const orgQuote = (text: string) => `"${text.replace(/["\\]/g, '\\$&')}"`;
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
/** `:chapter "A|B"` selects several chapters. */
const chosenTitles = (value: string | undefined) => (value ?? '').split('|').map((title) => title.trim()).filter(Boolean);

/** The org lines of some example items: a link per line of an iim script, verbatim text for other programs. */
export function renderItems(items: readonly ExampleItem[], isScript: (name: string) => boolean, withChapters = false): string {
  const lines: string[] = [];
  let inList = false;
  const title = (text: string) => {
    if (lines.length) lines.push('');
    lines.push(text);
    inList = false;
  };
  for (const item of items) {
    if (item.kind !== 'command') {
      if (item.kind === 'section') title(`/${item.title}/`);
      else if (item.kind === 'subsection') title(`_${item.title}_`);
      else if (withChapters) title(`*${item.title}*`);
    } else {
      if (!inList && lines.length && lines[lines.length - 1] !== '') lines.push('');
      inList = true;
      const program = item.line.split(' ')[0];
      const description = (item.comment ?? item.line).replace(/\]/g, ')').replace(/\[/g, '(');
      lines.push(
        isScript(program)
          ? `- [[iim:${escapeLinkPath(item.line)}][${description}]]`
          : `- ~${item.line}~${item.comment ? ` :: ${item.comment}` : ''}`,
      );
    }
  }
  return lines.join('\n');
}

/** What one block shows: its chapters (`:chapter`), their `:section`, or (`:rest t`) the chapters no other block shows. */
export function renderBlock(block: DynamicBlock, blocks: readonly DynamicBlock[], source: ExamplesSource, isScript: (name: string) => boolean): string {
  const chapters = chaptersOf(source.items);
  let chosen: Chapter[];
  if (block.params.rest) {
    const taken = blocks
      .filter((other) => other !== block && other.params.script === block.params.script)
      .flatMap((other) => chosenTitles(other.params.chapter));
    chosen = chapters.filter((chapter) => !taken.some((title) => same(title, chapter.title)));
  } else if (block.params.chapter) {
    const titles = chosenTitles(block.params.chapter);
    chosen = titles.flatMap((title) => chapters.filter((chapter) => same(chapter.title, title)));
    if (chosen.length === 0) return `# ${source.script} has no examples in chapter ${orgQuote(block.params.chapter)} yet`;
  } else {
    return renderItems(source.items, isScript, true);
  }
  if (block.params.section) {
    const items: ExampleItem[] = [];
    for (const chapter of chosen) {
      let inside = false;
      for (const item of chapter.items) {
        if (item.kind === 'section') inside = same(item.title, block.params.section);
        else if (inside && item.kind !== 'subsection' && item.kind !== 'chapter') items.push(item);
      }
    }
    return items.length ? renderItems(items, isScript) : `# ${source.script} has no examples in section ${orgQuote(block.params.section)} yet`;
  }
  const withTitles = chosen.length > 1 || Boolean(block.params.rest);
  return renderItems(chosen.flatMap((chapter) => [{ kind: 'chapter' as const, title: chapter.title }, ...chapter.items]), isScript, withTitles);
}

/** Fill every iim-examples block of `text` that names this script. */
export function updatePanel(text: string, source: ExamplesSource, isScript: (name: string) => boolean): { text: string; blocks: number } {
  let blocks = 0;
  const updated = rewriteDynamicBlocks(text, EXAMPLES_BLOCK, (block, all) => {
    if (block.params.script !== source.script) return text.split('\n').slice(block.begin + 1, block.end).join('\n');
    blocks++;
    return renderBlock(block, all, source, isScript);
  });
  return { text: updated, blocks };
}

/** A new panel: a heading per chapter, each with its own block, so notes can be written between them. */
export function newPanel(source: ExamplesSource, isScript: (name: string) => boolean): string {
  const skeleton = [
    `#+TITLE: ${source.script}: ${source.brief}`,
    `#+STARTUP: overview`,
    '',
    `Generated from the examples of ${source.script}; regenerate with`,
    `=iim -i panelGenerate ${source.script} FILE=: the blocks are rewritten, notes outside them are kept.`,
    '',
    ...chaptersOf(source.items).flatMap((chapter) => [
      `* ${chapter.title || 'Examples'}`,
      `#+BEGIN: ${EXAMPLES_BLOCK} :script ${source.script} :chapter ${orgQuote(chapter.title)}`,
      '#+END:',
      '',
    ]),
  ].join('\n');
  return updatePanel(skeleton, source, isScript).text;
}
