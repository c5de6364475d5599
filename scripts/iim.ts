// iim: the launcher: installed scripts, panels (terminal menu and org files), the lab.
import { chapter, commandsFrom, defineScript, section, sourceFileOf, type CommandDeclaration } from '../framework/index.js';
import { LAB_COMMANDS, LAB_PARAMS, labExamples } from './iim-lab.js';

const panels = commandsFrom(() => import('./iim-panels.js'));
const start = commandsFrom(() => import('./iim-start-commands.js'));

/** Panels and the editor client (issue 6). */
const PANEL_COMMANDS: Record<string, CommandDeclaration> = {
  scripts: {
    describe: 'List the installed iim scripts with their briefs (-p format=json for editors and completion).',
    run: panels('listScripts'),
  },
  panelList: {
    describe: 'List the entries of PANEL (a file, or a shipped panel name like dnscache): number, heading path, command line.',
    args: ['PANEL'],
    run: panels('panelList'),
  },
  panelRun: {
    describe: 'Run entry N of PANEL, streaming its output; its failure is this command\'s failure. An entry that is destructive or not an iim script asks in a terminal, and needs -f otherwise.',
    args: ['PANEL', 'N'],
    run: panels('panelRun'),
  },
  panelTrust: {
    describe: 'Say whether panel LINE runs without a question (an iim script, beside DIRECTORY too, not destructive): prints "trusted", or "confirm: WHY" (panels/iim.el asks then).',
    args: ['LINE', '[DIRECTORY]'],
    run: panels('panelTrust'),
  },
  panel: {
    describe: `Pick and run panel entries in a terminal menu (type to filter, Enter to edit then run, Esc to quit).
PANEL defaults to index. Not a terminal: the same as panelList. With -p editor=yes the panel
file opens in the editor instead (emacsclient -n when an Emacs server runs, else $VISUAL/$EDITOR).`,
    args: ['[PANEL]'],
    run: panels('panelMenuCommand'),
  },
  panelGenerate: {
    describe: `Write or update an org panel from SCRIPT's examples: in an existing FILE, only the
#+BEGIN: iim-examples :script SCRIPT blocks are rewritten; no FILE (or -): a new panel on stdout.`,
    args: ['SCRIPT', '[FILE]'],
    run: panels('panelGenerate'),
  },
  panelsUpdate: {
    describe: 'Rewrite the generated blocks (iim-examples, iim-scripts) of the shipped panels, or of the FILEs given.',
    args: ['[FILE...]'],
    run: panels('panelsUpdate'),
  },
  emacsOutput: {
    describe: 'Run PROGRAM with ARGS and show its output in the Emacs buffer *iim* (compilation-mode) through emacsclient.',
    args: ['PROGRAM', '[ARG...]'],
    run: panels('emacsOutput'),
  },
};

/** Your own iim script: the course's "cp startIimGeneric.sh lastName-iim.sh", then a panel of it. */
const START_COMMANDS: Record<string, CommandDeclaration> = {
  scriptStart: {
    describe: `Write FILE (NAME.mjs), a new iim script from the template: description, a parameter,
examples, two commands with their input checks, every change through the run modes. It runs as
it is (./NAME.mjs), imports this installation's framework, and iim -i panelGenerate ./NAME.mjs
makes its panel. An existing FILE is replaced only with -f.`,
    args: ['FILE'],
    run: start('scriptStart'),
  },
};

export default defineScript({
  name: 'iim',
  brief: 'iim launcher: scripts, panels, and a whole local DNS lab',
  describe: `
The entry point: lists the installed iim scripts, lists and runs panel
entries (org files with iim: links) from a terminal menu, generates panels
from a script's examples, and brings up a local daemontools + djbdns lab.

Panels live in panels/ (index, daemontools, tinydns, dnscache); Emacs users
load panels/iim.el to follow their iim: links.`,
  sourceFile: sourceFileOf(import.meta.url),
  panel: 'index',
  params: {
    editor: { describe: 'panel: open the panel file in the editor instead of the terminal menu', default: 'no', choices: ['yes', 'no'] },
    ...LAB_PARAMS,
  },
  examples: ({ cmd, ...context }) => [
    ...labExamples({ cmd, ...context }),
    chapter('Scripts'),
    cmd('-i scripts', 'the installed iim scripts'),
    cmd('-i scripts -p format=json', 'the same, for editors'),
    chapter('Panels'),
    section('From a terminal'),
    cmd('-i panel', 'menu of the index panel'),
    cmd('-i panel dnscache', 'menu of the dnscache panel'),
    cmd('-i panelList daemontools', 'entries of the daemontools panel, numbered'),
    cmd('-i panelRun index 2', 'run entry 2 of the index panel (describe iim-daemontools)'),
    cmd(['-i', 'panelTrust', 'sh -c date'], 'would this panel line run unasked? (no: sh is not an iim script)'),
    section('In the editor'),
    cmd('-p editor=yes -i panel tinydns', 'open the tinydns panel in Emacs or $EDITOR'),
    cmd('-i emacsOutput iim-daemontools -i list', "show a command's output in the Emacs buffer *iim*"),
    section('Generating'),
    cmd('-i panelGenerate iim-dnscache', 'a panel of the iim-dnscache examples, on stdout'),
    cmd('-i panelsUpdate', 'regenerate the examples blocks of the shipped panels'),
    chapter('Your own script'),
    cmd('-i scriptStart /tmp/lastname-iim.mjs', 'a new iim script from the template, ready to run'),
    cmd('-i panelGenerate /tmp/lastname-iim.mjs /tmp/Panel.org', 'a panel of its examples, beside it'),
  ],
  commands: {
    ...PANEL_COMMANDS,
    ...START_COMMANDS,
    ...LAB_COMMANDS,
  },
});
