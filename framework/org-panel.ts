// Org panels: read the iim: launch links (with their heading path) out of an org file,
// and rewrite org dynamic blocks in place, leaving everything outside them untouched.
import { splitWords } from './shell-words.js';

export interface PanelLink {
  /** The link's path: a command line of an iim script. */
  line: string;
  description: string;
  /** 1-based line of the org file. */
  fileLine: number;
}

export interface PanelEntry extends PanelLink {
  /** 1-based, in file order: the N of panelRun. */
  number: number;
  /** Titles of the enclosing org headings, outermost first. */
  headings: string[];
  words: string[];
}

/** Org's link escaping (org-link-escape): backslashes before brackets, brackets themselves. */
export function escapeLinkPath(path: string): string {
  return path.replace(/(\\*)([[\]])/g, (_, slashes: string, bracket: string) => `${slashes}${slashes}\\${bracket}`).replace(/(\\+)$/, '$1$1');
}

export function unescapeLinkPath(path: string): string {
  return path.replace(/(\\+)([[\]]|$)/g, (_, slashes: string, after: string) => slashes.slice(0, Math.floor(slashes.length / 2)) + after);
}

const LINK = /\[\[iim:((?:\\.|[^\]\\])+)\](?:\[((?:[^\]]|\](?!\]))*)\])?\]/g;
const HEADING = /^(\*+)\s+(.*?)(?:\s+:[\w@#%:]+:)?\s*$/;
const VERBATIM_BEGIN = /^\s*#\+begin_(src|example|export|comment)\b/i;
const VERBATIM_END = /^\s*#\+end_(src|example|export|comment)\b/i;

/** Where org-element would see no links: comment lines, fixed-width lines, keyword lines. */
const NOT_PARSED = /^\s*(#(\s|$)|:(\s|$)|#\+)/;

/** Every iim: link of an org text, with the heading path above it. */
export function panelEntries(text: string): PanelEntry[] {
  const entries: PanelEntry[] = [];
  const headings: string[] = [];
  let verbatim = false;
  text.split('\n').forEach((raw, index) => {
    if (verbatim) {
      if (VERBATIM_END.test(raw)) verbatim = false;
      return;
    }
    if (VERBATIM_BEGIN.test(raw)) {
      verbatim = true;
      return;
    }
    const heading = HEADING.exec(raw);
    if (heading) {
      headings.length = heading[1].length - 1;
      headings.push(heading[2].replace(LINK, (_, path: string, description?: string) => description ?? unescapeLinkPath(path)));
    }
    if (NOT_PARSED.test(raw)) return;
    for (const match of raw.matchAll(LINK)) {
      const line = unescapeLinkPath(match[1]).trim();
      entries.push({
        number: entries.length + 1,
        line,
        description: (match[2] ?? line).trim(),
        fileLine: index + 1,
        headings: headings.filter((title) => title !== undefined),
        words: splitWords(line),
      });
    }
  });
  return entries;
}

export interface DynamicBlock {
  name: string;
  params: Record<string, string>;
  /** 0-based line indexes of the #+BEGIN: and #+END: lines. */
  begin: number;
  end: number;
}

/** Org's `:key value :key "quoted value"` parameter list of a dynamic block. */
export function parseBlockParams(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  const pattern = /:([\w-]+)(?:\s+("(?:\\.|[^"\\])*"|[^\s:][^\s]*))?/g;
  for (const match of text.matchAll(pattern)) {
    const value = match[2] ?? 't';
    params[match[1]] = value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
  }
  return params;
}

const BLOCK_BEGIN = /^\s*#\+begin:\s+(\S+)(.*)$/i;
const BLOCK_END = /^\s*#\+end:?\s*$/i;

export function dynamicBlocks(text: string): DynamicBlock[] {
  const lines = text.split('\n');
  const blocks: DynamicBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const begin = BLOCK_BEGIN.exec(lines[i]);
    if (!begin) continue;
    const end = lines.findIndex((line, j) => j > i && BLOCK_END.test(line));
    if (end < 0) throw new Error(`line ${i + 1}: #+BEGIN: ${begin[1]} has no #+END:`);
    blocks.push({ name: begin[1], params: parseBlockParams(begin[2]), begin: i, end });
    i = end;
  }
  return blocks;
}

/**
 * Replace the content of every dynamic block named `name` with what `render` returns for it;
 * the #+BEGIN:/#+END: lines and everything outside the blocks stay as they were.
 */
export function rewriteDynamicBlocks(text: string, name: string, render: (block: DynamicBlock, all: DynamicBlock[]) => string): string {
  const lines = text.split('\n');
  const blocks = dynamicBlocks(text).filter((block) => block.name.toLowerCase() === name.toLowerCase());
  for (const block of [...blocks].reverse()) {
    const content = render(block, blocks).replace(/\n$/, '');
    lines.splice(block.begin + 1, block.end - block.begin - 1, ...(content === '' ? [] : content.split('\n')));
  }
  return lines.join('\n');
}
