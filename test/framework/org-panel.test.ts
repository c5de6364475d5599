import { describe, expect, it } from 'vitest';
import { dynamicBlocks, escapeLinkPath, panelEntries, parseBlockParams, rewriteDynamicBlocks, unescapeLinkPath } from '../../framework/org-panel.js';

const PANEL = `#+TITLE: t
Intro [[iim:iim -i scripts][the scripts]]
* Setup
note
- [[iim:iim-dnscache -i forwardAdd corp.test 127.53.0.1][Send corp.test to the local tinydns]]
** Deeper :tag:
- [[iim:iim-tinydns -i list]]
# [[iim:iim -i commented][not a link for org]]
#+BEGIN_SRC sh
[[iim:iim -i inSource]]
#+END_SRC
* Logs
Two on a line: [[iim:iim -i a][A]] and [[iim:iim -i b][B]]
`;

describe('panelEntries', () => {
  it('numbers every iim: link with its heading path, skipping comments and source blocks', () => {
    const entries = panelEntries(PANEL);
    expect(entries.map((e) => [e.number, e.headings.join(' / '), e.line, e.description])).toEqual([
      [1, '', 'iim -i scripts', 'the scripts'],
      [2, 'Setup', 'iim-dnscache -i forwardAdd corp.test 127.53.0.1', 'Send corp.test to the local tinydns'],
      [3, 'Setup / Deeper', 'iim-tinydns -i list', 'iim-tinydns -i list'],
      [4, 'Logs', 'iim -i a', 'A'],
      [5, 'Logs', 'iim -i b', 'B'],
    ]);
    expect(entries[1].words).toEqual(['iim-dnscache', '-i', 'forwardAdd', 'corp.test', '127.53.0.1']);
    expect(entries[1].fileLine).toBe(5);
  });

  it('reads back a link path with brackets and backslashes as org escapes it', () => {
    const path = String.raw`iim -e 'a[1] b\]' -i x\\`;
    const escaped = escapeLinkPath(path);
    expect(escaped).not.toMatch(/(^|[^\\])\]/);
    expect(unescapeLinkPath(escaped)).toBe(path);
    expect(panelEntries(`- [[iim:${escaped}][d]]`)[0].line).toBe(path);
  });
});

describe('dynamic blocks', () => {
  it('parses org block parameters, quoted or not', () => {
    expect(parseBlockParams(' :script iim-dnscache :chapter "File variables|Logs" :rest')).toEqual({
      script: 'iim-dnscache', chapter: 'File variables|Logs', rest: 't',
    });
  });

  it('rewrites only the content of the named blocks, keeping the text around them byte for byte', () => {
    const text = 'before\n#+BEGIN: iim-examples :script a\nold\nold\n#+END:\nmiddle\n#+BEGIN: other\nkeep\n#+END:\n#+begin: iim-examples :script b\n#+end:\nafter\n';
    const out = rewriteDynamicBlocks(text, 'iim-examples', (block) => `new ${block.params.script}`);
    expect(out).toBe('before\n#+BEGIN: iim-examples :script a\nnew a\n#+END:\nmiddle\n#+BEGIN: other\nkeep\n#+END:\n#+begin: iim-examples :script b\nnew b\n#+end:\nafter\n');
  });

  it('refuses a block without #+END:, naming its line', () => {
    expect(() => dynamicBlocks('x\n#+BEGIN: iim-examples :script a\nno end\n')).toThrow(/line 2: #\+BEGIN: iim-examples has no #\+END:/);
  });
});
