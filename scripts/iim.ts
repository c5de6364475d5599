// iim: the launcher: installed scripts, panels (terminal menu and org files), the lab.
import {
  chapter, commandsFrom, defineScript, section, sourceFileOf,
  type CommandDeclaration, type ExampleContext, type ExampleItem, type ParamDeclaration,
} from '../framework/index.js';
import { DEFAULT_NET, DEMO_NAME, defaultLabDir, netComplaint } from './iim/lab-layout.js';

const panels = commandsFrom(() => import('./iim/panels.js'));
const start = commandsFrom(() => import('./iim/start.js'));
const lab = commandsFrom(() => import('./iim/lab.js'));
const hosts = commandsFrom(() => import('./iim/hosts-check.js'));
const install = commandsFrom(() => import('./iim/hosts-install.js'));

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
    describe: 'Run entry N of PANEL, streaming its output; its failure is this command\'s failure. An entry that could change things or is not an installed iim script (see panelTrust) asks in a terminal, and needs -f otherwise.',
    args: ['PANEL', 'N'],
    run: panels('panelRun'),
  },
  panelTrust: {
    brief: 'Say whether panel LINE runs without a question: "trusted", or "confirm: WHY"',
    describe: `Say whether panel LINE runs without a question: prints "trusted", or "confirm: WHY" (panels/iim.el asks then).
A line runs unasked only when all of these hold: its first word is an installed iim script
(iim, iim-daemontools, iim-tinydns, iim-dnscache; not a path, not a program beside the panel in
DIRECTORY: a file's content proves nothing); it gives no -n, -f or -r; it gives none of the
parameters that reach other hosts or privileges (hosts, sshConfig, inventory, sudo, emacsSocket);
it loads no script file (panelGenerate ./x.mjs, panelsUpdate FILE: even a dry run runs its code);
its command is not destructive; and it changes nothing: its dry run, the same line under
-n showOnly run in DIRECTORY, plans no action at all.`,
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
    brief: "Write or update an org panel from SCRIPT's examples (no FILE: a new panel on stdout)",
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
    brief: 'Write FILE (NAME.mjs), a new iim script of your own from the template',
    describe: `Write FILE (NAME.mjs), a new iim script from the template: description, a parameter,
examples, two commands with their input checks, every change through the run modes. It runs as
it is (./NAME.mjs), imports this installation's framework, and iim -i panelGenerate ./NAME.mjs
makes its panel. An existing FILE is replaced only with -f.`,
    args: ['FILE'],
    run: start('scriptStart'),
  },
};

const LAB_PARAMS: Record<string, ParamDeclaration> = {
  lab: { describe: 'lab: the directory the lab lives in ($XDG_STATE_HOME/iim/lab)', default: () => defaultLabDir() },
  net: { describe: 'lab: the loopback /24 it uses: tinydns on NET.1, dnscache on NET.2', default: DEFAULT_NET, validate: netComplaint },
  purge: { describe: 'labDown: also remove the lab directory', default: 'no', choices: ['yes', 'no'] },
};

/** The lab: a whole DNS stack on loopback, made by the three scripts. */
const LAB_COMMANDS: Record<string, CommandDeclaration> = {
  labUp: {
    brief: 'Bring up a whole DNS stack (svscan, tinydns, dnscache) on loopback in the lab directory',
    describe: `Bring up a whole DNS stack on loopback in the lab directory, through iim-daemontools, iim-tinydns
and iim-dnscache: a private svscan, tinydns on NET.1 serving the demo zone lab.test and a closed-lab
root, dnscache on NET.2 sending lab.test to it; wait until ${DEMO_NAME} resolves through the cache,
then say how to use it. On a lab that is up already: check it. Touches no system path.`,
    root: true,
    run: lab('labUp'),
  },
  labStatus: {
    describe: "The lab's services (svcStatus), the answer to a test lookup through the cache, its log summary.",
    run: lab('labStatus'),
  },
  labDown: {
    describe: 'Stop the lab\'s svscan and every service under it, leaving nothing running; -p purge=yes also removes the lab directory.',
    destructive: true,
    root: true,
    run: lab('labDown'),
  },
};

/** Many hosts (issue 17): every script takes -p hosts; these check the hosts themselves. */
const HOST_COMMANDS: Record<string, CommandDeclaration> = {
  hostsCheck: {
    describe: `Check each HOST over ssh: reachable, iim-ts there in the same version as here, djb programs present.
HOST... or -p hosts=HOST,@GROUP; a missing program is named with its Debian package.`,
    args: ['[HOST...]'],
    runsHere: true,
    run: hosts('hostsCheck'),
  },
  hostsInstall: {
    brief: "Install this iim-ts version on each HOST over ssh (an npm pack tarball, no registry needed there)",
    describe: `Install this installation's version of iim-ts on each HOST over ssh, so a fleet runs one version:
one npm pack tarball made here (it bundles every dependency), sent on ssh's stdin and installed
with npm install -g --prefix PREFIX --offline (-p prefix=, default /usr/local: bins in PREFIX/bin).
HOST... or -p hosts=HOST,@GROUP; then hostsCheck says the same version.`,
    args: ['[HOST...]'],
    runsHere: true,
    run: install('hostsInstall'),
  },
};

const HOST_INSTALL_PARAMS: Record<string, ParamDeclaration> = {
  prefix: { describe: 'hostsInstall: where iim-ts goes on each host (npm --prefix; bins in PREFIX/bin)', default: '/usr/local' },
};

function labExamples({ cmd, line, params }: ExampleContext): ExampleItem[] {
  const cache = `${params.net}.2`;
  return [
    chapter('Lab: a whole DNS stack on loopback'),
    cmd('-i labUp', `svscan, tinydns on ${params.net}.1 (lab.test), dnscache on ${cache}, in the lab directory`),
    cmd('-n showOnly -i labUp', 'the whole plan, nothing done'),
    line(['env', `DNSCACHEIP=${cache}`, 'dnsip', DEMO_NAME], 'ask the lab through its cache'),
    cmd('-i labStatus', 'services, a test lookup, the log summary'),
    cmd('-f -i labDown', 'stop it all; the directory stays for the next labUp'),
    cmd('-f -p purge=yes -i labDown', 'stop it all and remove the lab directory'),
    cmd('-p lab=/tmp/lab2 -p net=127.54.0 -i labUp', 'a second lab beside the first'),
  ];
}

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
    ...HOST_INSTALL_PARAMS,
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
    chapter('Many hosts'),
    cmd('-i hostsCheck ns1 ns2', 'over ssh: reachable, the same iim-ts as here, the djb programs there'),
    cmd('-p hosts=@dns -i hostsCheck', 'every host of group dns in the inventory ($XDG_CONFIG_HOME/iim/hosts)'),
    cmd('-p hosts=@dns -i hostsInstall', 'this version of iim-ts onto every host of group dns (npm pack, over ssh)'),
    cmd('-n showOnly -p prefix=/opt/iim-ts -i hostsInstall ns1 ns2', 'the plan: pack once, then one ssh per host; nothing copied'),
    chapter('Your own script'),
    cmd('-i scriptStart /tmp/lastname-iim.mjs', 'a new iim script from the template, ready to run'),
    cmd('-i panelGenerate /tmp/lastname-iim.mjs /tmp/Panel.org', 'a panel of its examples, beside it'),
  ],
  commands: {
    ...PANEL_COMMANDS,
    ...START_COMMANDS,
    ...LAB_COMMANDS,
    ...HOST_COMMANDS,
  },
});
