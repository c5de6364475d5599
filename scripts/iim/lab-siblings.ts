// Running our other scripts (iim-daemontools, iim-tinydns, iim-dnscache) as child programs
// through the operation layer, with this invocation's run options: the lab is built only by them.
import { optionWords } from '../../framework/argv.js';
import type { CommandContext } from '../../framework/declaration.js';
import type { RunResult } from '../../framework/operations.js';
import { packageBin } from '../../framework/paths.js';

export type SiblingName = 'iim-daemontools' | 'iim-tinydns' | 'iim-dnscache';

export interface SiblingRun {
  /** Add -f for this run (a destructive sibling command the lab means to run). */
  force?: boolean;
  /** Statuses that are answers, not failures. */
  okStatuses?: readonly number[];
  /** Capture the output even when the run mode shows the children's actions. */
  capture?: boolean;
}

export type Sibling = (name: SiblingName, params: Record<string, string>, command: readonly string[], options?: SiblingRun) => Promise<RunResult>;

/**
 * A runner for sibling scripts with this invocation's options (-v -T -r -f and the run mode).
 * Under showOnly a child is shown, not run, and shown as it would run for real (without
 * -n showOnly), so the printed plan is a list of commands that build the lab when pasted.
 */
export function siblingRunner({ invocation, op }: CommandContext): Sibling {
  const mode = op.performs ? invocation.mode : 'runOnly';
  const stream = op.performs && (invocation.verbose || invocation.mode !== 'runOnly');
  return (name, params, command, options = {}) => {
    const words = optionWords({ ...invocation, mode, force: invocation.force || Boolean(options.force) }, { includeParams: false });
    const paramWords = Object.entries(params).flatMap(([key, value]) => ['-p', `${key}=${value}`]);
    return op.run(process.execPath, [packageBin(name), ...words, ...paramWords, '-i', ...command], {
      okStatuses: options.okStatuses,
      stream: stream && !options.capture,
    });
  };
}
