// iim -i hostsCheck [HOST...]: is each host reachable, does it run this version of iim-ts,
// are the djb programs there (and which Debian package brings each missing one).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandContext } from '../../framework/declaration.js';
import { hostsOf, inParallel } from '../../framework/hosts/fan-out.js';
import { fleetSshArguments } from '../../framework/hosts/control-master.js';
import { runSsh, type HostResult } from '../../framework/hosts/ssh.js';
import { commandLineFor } from '../../framework/command-line.js';
import { packageRoot } from '../../framework/paths.js';
import { problem, usage } from '../../framework/problems.js';
import { DJB_PROGRAMS } from '../../lib/debian-packages.js';

/** One fixed probe for the remote shell (no word of the user's in it). */
const PROBE = [
  'PATH="$PATH:/usr/sbin:/sbin"',
  'if p=$(command -v iim); then node -e \'console.log("version " + require(process.argv[1]).version)\' "$(dirname "$(readlink -f "$p")")/../../package.json" || echo "version ?"; else echo noiim; fi',
  `for p in ${Object.keys(DJB_PROGRAMS).join(' ')}; do x=$(command -v "$p") && [ -f "$x" ] && [ -x "$x" ] || echo "missing $p"; done`,
].join('; ');

interface HostCheck {
  host: string;
  reachable: boolean;
  version?: string;
  sameVersion: boolean;
  missing: Array<{ program: string; package: string }>;
  problems: string[];
}

function checkOf(result: HostResult, here: string): HostCheck {
  const check: HostCheck = { host: result.host, reachable: result.status !== 255, sameVersion: false, missing: [], problems: [] };
  if (!check.reachable) {
    check.problems.push(`unreachable (${result.stderr.trim().split('\n').pop() || 'ssh exit 255'})`);
    return check;
  }
  for (const line of result.stdout.split('\n')) {
    if (line.startsWith('version ')) check.version = line.slice('version '.length);
    else if (line.startsWith('missing ')) check.missing.push({ program: line.slice(8), package: DJB_PROGRAMS[line.slice(8)] ?? '?' });
  }
  check.sameVersion = check.version === here;
  if (check.version === undefined) check.problems.push('iim-ts is not installed (no iim on PATH)');
  else if (!check.sameVersion) check.problems.push(`iim-ts ${check.version}, here ${here}`);
  if (check.missing.length) {
    const packages = [...new Set(check.missing.map((m) => m.package))];
    check.problems.push(`missing ${check.missing.map((m) => m.program).join(' ')} (apt-get install ${packages.join(' ')})`);
  }
  return check;
}

export async function hostsCheck(context: CommandContext): Promise<void> {
  const { args, params, out } = context;
  const list = args.length ? args.join(',') : params.hosts;
  if (!list) usage('which hosts? give HOST... or -p hosts=HOST,@GROUP');
  const hosts = hostsOf(list, params.inventory);
  const here: string = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version;
  const results = await inParallel(hosts, Number(params.forks), async (host) =>
    runSsh(host.name, await fleetSshArguments(host, PROBE, params.sshConfig || undefined)));
  const checks = results.map((result) => checkOf(result, here));
  if (params.format === 'json') for (const { problems: _, ...check } of checks) out.write(JSON.stringify(check) + '\n');
  else {
    const width = Math.max(...checks.map((c) => c.host.length));
    for (const c of checks) {
      const said = c.problems.length ? c.problems.join('; ') : `ok: iim-ts ${c.version}, ${Object.keys(DJB_PROGRAMS).length} djb programs present`;
      out.result(`${c.host}:${' '.repeat(width - c.host.length + 1)}${said}`);
    }
  }
  const bad = checks.filter((c) => c.problems.length);
  const stale = checks.filter((c) => c.reachable && !c.sameVersion).map((c) => c.host);
  const install = stale.length ? `; this version onto ${stale.join(', ')}: ${commandLineFor(context)('hostsInstall', ...stale)}` : '';
  if (bad.length) problem('%s of %s hosts not ready: %s%s', bad.length, checks.length, bad.map((c) => c.host).join(', '), install);
}
