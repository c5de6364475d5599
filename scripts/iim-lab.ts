// The lab (issue 7): iim's labUp, labStatus and labDown, their parameters and examples,
// spread into scripts/iim.ts. Bodies live in iim-lab-commands.ts, loaded only when they run.
import { chapter, type CommandDeclaration, type ExampleContext, type ExampleItem, type ParamDeclaration } from '../framework/index.js';
import { DEFAULT_NET, DEMO_NAME, defaultLabDir, netComplaint } from './iim/lab-layout.js';

const commands = () => import('./iim/lab.js');

export const LAB_PARAMS: Record<string, ParamDeclaration> = {
  lab: { describe: 'lab: the directory the lab lives in ($XDG_STATE_HOME/iim/lab)', default: () => defaultLabDir() },
  net: { describe: 'lab: the loopback /24 it uses: tinydns on NET.1, dnscache on NET.2', default: DEFAULT_NET, validate: netComplaint },
  purge: { describe: 'labDown: also remove the lab directory', default: 'no', choices: ['yes', 'no'] },
};

export const LAB_COMMANDS: Record<string, CommandDeclaration> = {
  labUp: {
    describe: `Bring up a whole DNS stack on loopback in the lab directory, through iim-daemontools, iim-tinydns
and iim-dnscache: a private svscan, tinydns on NET.1 serving the demo zone lab.test and a closed-lab
root, dnscache on NET.2 sending lab.test to it; wait until ${DEMO_NAME} resolves through the cache,
then say how to use it. On a lab that is up already: check it. Touches no system path.`,
    root: true,
    run: async (context) => (await commands()).labUp(context),
  },
  labStatus: {
    describe: "The lab's services (svcStatus), the answer to a test lookup through the cache, its log summary.",
    run: async (context) => (await commands()).labStatus(context),
  },
  labDown: {
    describe: 'Stop the lab\'s svscan and every service under it, leaving nothing running; -p purge=yes also removes the lab directory.',
    destructive: true,
    root: true,
    run: async (context) => (await commands()).labDown(context),
  },
};

export function labExamples({ cmd, line, params }: ExampleContext): ExampleItem[] {
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
