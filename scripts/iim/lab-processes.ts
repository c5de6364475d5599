// The processes a lab left running: found in /proc by working directory (svscan, supervise,
// multilog, tinydns and dnscache all run inside the lab) or by a command line naming the lab.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface LabProcess {
  pid: number;
  /** The program's name (/proc/PID/comm). */
  name: string;
  command: string;
  cwd: string;
}

/** What a lab runs; labDown stops only these (a user's shell sitting in the lab directory is not the lab). */
export const LAB_DAEMONS: ReadonlySet<string> = new Set(['svscan', 'supervise', 'multilog', 'tinydns', 'dnscache', 'readproctitle']);

const inside = (path: string, dir: string) => path === dir || path.startsWith(dir.replace(/\/+$/, '') + '/');

/** Our own pid and our ancestors: their command lines may name the lab (-p lab=DIR) but they are not the lab. */
function ourLineage(): Set<number> {
  const pids = new Set<number>();
  let pid = process.pid;
  while (pid > 1 && !pids.has(pid)) {
    pids.add(pid);
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      break;
    }
  }
  return pids;
}

/** Living processes whose cwd is inside DIR, or (with byCommandLine) whose command line names DIR. */
export function processesUnder(dir: string, { byCommandLine = false } = {}): LabProcess[] {
  const skip = ourLineage();
  const found: LabProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry) || skip.has(Number(entry))) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${entry}/cwd`);
      } catch {
        // a kernel thread, or gone
      }
      if (!inside(cwd, dir) && !(byCommandLine && command.includes(dir))) continue;
      found.push({ pid: Number(entry), name: readFileSync(`/proc/${entry}/comm`, 'utf8').trim(), command, cwd });
    } catch {
      // the process went away while we looked
    }
  }
  return found;
}
