// iim-daemontools control: svc FLAGS for named services, refused where no supervise runs (svc would exit 0).
import { problem } from '../../framework/problems.js';
import type { CommandContext } from '../../framework/declaration.js';
import { isSupervised, svc, svscanPids } from '../../lib/daemontools/control.js';
import { linkedServiceOf } from '../../lib/daemontools/service-paths.js';
import { requireStaysUp } from '../../lib/daemontools/stays-up.js';
import { readServiceStatus } from '../../lib/daemontools/supervise-status.js';
import { timeoutMs } from './service-entries.js';

/**
 * svc FLAGS for each NAME: validate every NAME, check supervise runs for each (svc would exit 0
 * anyway). After -u and -t, each service must stay up: a new pid alone may be a crash loop.
 */
/** What svc FLAGS did, for the result line of each service. */
const DONE: Record<string, string> = {
  '-u': 'up', '-d': 'down', '-t': 'restarted', '-h': 'sent HUP', '-o': 'started once', '-k': 'sent KILL',
  '-p': 'paused', '-c': 'continued', '-a': 'sent ALRM', '-i': 'sent INT',
};

export async function control(flags: string, { args, params, op, out }: CommandContext): Promise<void> {
  const dirs = args.map((name) => linkedServiceOf(params, name));
  for (const dir of dirs) if (!isSupervised(dir)) notSupervised(params, dir);
  const before = new Map(dirs.map((dir) => [dir, readServiceStatus(dir).pid]));
  await svc(op, flags, dirs);
  const done = (name: string) => out.done(`${name}: ${DONE[flags] ?? 'done'} (svc ${flags})`);
  if (flags !== '-u' && flags !== '-t') return args.forEach(done);
  for (const [dir, pid] of before) {
    const formerPid = flags === '-t' ? pid : 0;
    const name = args[dirs.indexOf(dir)];
    if (flags === '-t' && pid === 0) {
      out.done(`${name}: down, not started (svc -t restarts only a running service)`);
      continue;
    }
    await requireStaysUp(op, dir, name, { formerPid, timeoutMs: timeoutMs(params) });
    done(name);
  }
}

function notSupervised(params: Record<string, string>, dir: string): never {
  const hint = svscanPids(params.serviceDir).length ? 'svscan notices a new link within 5 s' : `no svscan runs on ${params.serviceDir} (start one: svscanStart)`;
  return problem('supervise is not running for %s: %s', dir, hint);
}
