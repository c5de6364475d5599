import { describe, expect, it } from 'vitest';
import { chapter, section } from '../../framework/examples.js';
import { exampleContext } from '../../framework/examples.js';
import { newPanel, updatePanel } from '../../framework/panel-generate.js';
import { panelEntries } from '../../framework/org-panel.js';

const { cmd, line } = exampleContext('iim-x', {}, ['-v'], []);
const items = [
  chapter('Setup'),
  cmd('-i setup /etc/x', 'make it'),
  chapter('Logs'),
  section('Reading'),
  cmd('-i logShow x'),
  line('tai64nlocal < current', 'stamps as local time'),
  chapter('Checks'),
  cmd(['-i', 'check', 'a b]c'], 'a [quoted] word'),
];
const source = { script: 'iim-x', brief: 'an example', items };
const isScript = (name: string) => name.startsWith('iim');

describe('panel generation', () => {
  it('makes one link per example line of a script, chapters as headings', () => {
    const text = newPanel(source, isScript);
    const entries = panelEntries(text);
    expect(entries.map((e) => [e.headings.join('/'), e.line, e.description])).toEqual([
      ['Setup', 'iim-x -v -i setup /etc/x', 'make it'],
      ['Logs', 'iim-x -v -i logShow x', 'iim-x -v -i logShow x'],
      ['Checks', "iim-x -v -i check 'a b]c'", 'a (quoted) word'],
    ]);
    expect(text).toContain('- ~tai64nlocal \'<\' current~ :: stamps as local time');
    // no file-local variable: an Emacs without panels/iim-panel.el would ask about it on every
    // visit (and an emacsclient visit would hang); iim-panel-mode is turned on by the iim: links
    expect(text).not.toContain('Local Variables');
    expect(text).toContain('/Reading/');
  });

  it('keeps hand-written notes and fills blocks by chapter and section; rest gets the chapters no block names', () => {
    const panel = [
      '* Daily', 'A note kept.', '#+BEGIN: iim-examples :script iim-x :chapter "setup|checks"', 'stale', '#+END:',
      '* Reading', '#+BEGIN: iim-examples :script iim-x :chapter Logs :section Reading', '#+END:',
      '* Missing', '#+BEGIN: iim-examples :script iim-x :chapter Nowhere', '#+END:',
      '* Rest', '#+BEGIN: iim-examples :script iim-x :rest t', '#+END:',
      '* Other script', '#+BEGIN: iim-examples :script iim-y', 'untouched', '#+END:', 'Final note.', '',
    ].join('\n');
    const { text, blocks } = updatePanel(panel, source, isScript);
    expect(blocks).toBe(4);
    expect(text).toContain('* Daily\nA note kept.\n#+BEGIN: iim-examples :script iim-x :chapter "setup|checks"\n*Setup*\n');
    expect(text).not.toContain('stale');
    expect(text).toContain('# iim-x has no examples in chapter "Nowhere" yet');
    expect(text).toContain('#+BEGIN: iim-examples :script iim-y\nuntouched\n#+END:\nFinal note.\n');
    const byHeading = panelEntries(text).map((e) => `${e.headings[0]}: ${e.line}`);
    expect(byHeading).toEqual([
      'Daily: iim-x -v -i setup /etc/x',
      "Daily: iim-x -v -i check 'a b]c'",
      'Reading: iim-x -v -i logShow x',
    ]);
    expect(text).toContain('* Rest\n#+BEGIN: iim-examples :script iim-x :rest t\n#+END:');
    expect(updatePanel(text, source, isScript).text).toBe(text);
  });
});
