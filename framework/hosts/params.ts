// The parameters that send a command to many hosts; they stay here, the rest go to each host.
import { join } from 'node:path';
import { homedir } from 'node:os';
import type { ParamDeclaration } from '../declaration.js';

export function defaultInventory(): string {
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'iim', 'hosts');
}

export const HOST_PARAMS: Record<string, ParamDeclaration> = {
  hosts: { describe: 'Run the command on these hosts over ssh: HOST,HOST or @GROUP of the inventory', default: '' },
  forks: {
    describe: 'With hosts: how many hosts at once', default: '10',
    validate: (v) => (/^[1-9][0-9]{0,3}$/.test(v) ? undefined : 'expected a whole number from 1 to 9999'),
  },
  output: {
    describe: 'With hosts: each line prefixed with its host (lines), or one "== HOST ==" block per host (grouped); auto: grouped for reports',
    default: 'auto', choices: ['auto', 'lines', 'grouped'],
  },
  sshConfig: { describe: 'With hosts: the ssh configuration file (ssh -F)', default: '' },
  inventory: { describe: 'With hosts: an inventory in the Ansible INI format ($XDG_CONFIG_HOME/iim/hosts)', default: () => defaultInventory() },
};

/** Parameters that are about reaching the hosts, not passed to them. */
export const HOST_PARAM_NAMES: ReadonlySet<string> = new Set(Object.keys(HOST_PARAMS));
