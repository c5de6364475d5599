// The command line a hint prints: this script with this invocation's -p values, then -i COMMAND
// ARGS, so that a copied hint acts on the same directories as the command that printed it.
import type { CommandContext } from './declaration.js';
import { shellLine } from './shell-words.js';

/** Parameters that shape one run's output or privileges, not what a command acts on. */
const NOT_CARRIED = new Set(['format', 'sudo']);

export type CommandLine = (command: string, ...args: string[]) => string;

/** `commandLineFor(context)('dataCheck')`: "iim-tinydns -p dir=/srv/dns -i dataCheck". */
export function commandLineFor({ script, invocation }: Pick<CommandContext, 'script' | 'invocation'>): CommandLine {
  const params = invocation.givenParams.filter(([name]) => !NOT_CARRIED.has(name)).flatMap(([name, value]) => ['-p', `${name}=${value}`]);
  return (command, ...args) => shellLine([script.name, ...params, '-i', command, ...args]);
}
