// iim -i hostsInstall HOST...: this installation's version onto hosts, with no registry there:
// one `npm pack` here (package.json bundles every dependency, so the tarball carries its
// node_modules), sent to each host on ssh's stdin and installed with npm --offline.
import { createReadStream, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import type { CommandContext } from '../../framework/declaration.js';
import { failureOf, hostsOf, inParallel } from '../../framework/hosts/fan-out.js';
import { posixQuote } from '../../framework/hosts/remote-command.js';
import { fleetSshArguments } from '../../framework/hosts/control-master.js';
import { packageRoot } from '../../framework/paths.js';
import { problem, ProgramFailed, usage } from '../../framework/problems.js';

/** What each host runs: the tarball from stdin into a private temporary directory, npm install -g there, then the version. */
export function installScript(prefix: string): string {
  const p = posixQuote(prefix);
  const bin = posixQuote(join(prefix, 'bin', 'iim'));
  // The PATH check is made here from the `path` line: the prefix is never echoed by the remote shell.
  return [
    'command -v npm >/dev/null || { echo "npm not found on PATH: install Node.js with npm (20.19 or later)" >&2; exit 3; }',
    'd=$(mktemp -d) || exit 3',
    'trap \'rm -rf "$d"\' EXIT',
    'cat > "$d/iim-ts.tgz" || exit 3',
    // --offline and a cache of its own: the tarball brings its dependencies, no registry is asked.
    `npm install -g --prefix ${p} --offline --ignore-scripts --no-audit --no-fund --loglevel=error --cache "$d/cache" "$d/iim-ts.tgz" >&2 || exit 4`,
    `v=$(${bin} --version) || exit 4`,
    'echo "installed iim-ts ${v##* }"',
    'echo "path $(command -v iim)"',
  ].join('; ');
}

export async function hostsInstall({ args, params, op, out }: CommandContext): Promise<void> {
  const list = args.length ? args.join(',') : params.hosts;
  if (!list) usage('which hosts? give HOST... or -p hosts=HOST,@GROUP');
  const prefix = params.prefix;
  if (!isAbsolute(prefix) || /[\n\r]/.test(prefix)) usage(`bad prefix "${prefix}": expected an absolute directory like /usr/local`);
  const hosts = hostsOf(list, params.inventory);
  const root = packageRoot();
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const scratch = join(tmpdir(), `iim-hosts-install-${randomBytes(6).toString('hex')}`);
  const tarball = join(scratch, `${String(name).replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
  await op.mkdir(scratch, 0o700);
  try {
    await op.run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', scratch], { cwd: root });
    const command = installScript(prefix);
    const results = await inParallel(hosts, Number(params.forks), async (host) => {
      const sshArgs = await fleetSshArguments(host, command, params.sshConfig || undefined);
      try {
        const ran = await op.run('ssh', sshArgs, { input: op.performs ? createReadStream(tarball) : undefined });
        return { host: host.name, ran: ran.ran, stdout: ran.stdout, failure: undefined };
      } catch (error) {
        if (!(error instanceof ProgramFailed)) throw error;
        const said = error.stderr.trim().split('\n').pop() ?? '';
        const failure = error.status === 3 || error.status === 4
          ? `install failed (exit ${error.status}${said ? `: ${said}` : ''})`
          : failureOf({ host: host.name, status: error.status, signal: error.signal ?? null, stdout: '', stderr: error.stderr });
        return { host: host.name, ran: true, stdout: '', failure };
      }
    });
    const width = Math.max(...hosts.map((h) => h.name.length));
    for (const r of results) {
      const label = `${r.host}:${' '.repeat(width - r.host.length + 1)}`;
      if (r.failure) continue;
      const lines = r.stdout.trim().split('\n').filter(Boolean);
      const installed = lines.find((line) => line.startsWith('installed '))?.slice('installed '.length) ?? `${name} ${version}`;
      out.done(`${label}installed ${installed} in ${prefix}`);
      const found = lines.find((line) => line.startsWith('path '))?.slice('path '.length) || 'none';
      if (r.ran && found !== join(prefix, 'bin', 'iim')) out.note(`${label}warning: ${join(prefix, 'bin')} is not first on PATH there (iim: ${found})`);
    }
    const failed = results.filter((r) => r.failure);
    if (failed.length) problem('failed on %s of %s hosts: %s', failed.length, hosts.length, failed.map((r) => `${r.host} ${r.failure}`).join('; '));
  } finally {
    await op.remove(scratch);
  }
}
