// iim -i hostsInstall on real sshd test hosts: the npm pack tarball goes over ssh and is installed
// with no registry into each host's own /var/lib/iim-ts (private to the host: its /var/lib is an
// overlay), whose bin is first on the hosts' PATH; then hostsCheck finds the same version.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, runBin } from '../support/run-bin.js';
import { available, isRoot } from '../support/programs.js';
import { startTestHosts, type TestFleet } from '../support/test-hosts.js';

const PREFIX = '/var/lib/iim-ts';
const version = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version;

describe.skipIf(!isRoot() || !available('sshd', 'ssh', 'unshare', 'npm'))('iim -i hostsInstall', () => {
  let fleet: TestFleet;
  const iim = (...args: string[]) => runBin('iim', ['-p', `sshConfig=${fleet.sshConfig}`, '-p', `inventory=${fleet.inventory}`, ...args], { timeoutMs: 180_000 });
  const here = existsSync(PREFIX);

  beforeAll(async () => {
    fleet = await startTestHosts(3, 'hosts-install', { iimOnPath: false, pathFirst: [join(PREFIX, 'bin')] });
  });
  afterAll(async () => fleet?.stop());

  it('-n showOnly shows the pack and one ssh per host, and copies nothing anywhere', async () => {
    const shown = await iim('-n', 'showOnly', '-p', `prefix=${PREFIX}`, '-i', 'hostsInstall', 'ns1', 'ns2');
    expect(shown.stderr).toMatch(/npm pack --ignore-scripts --silent --pack-destination /);
    for (const host of ['ns1', 'ns2']) expect(shown.stderr).toContain(`-- ${host} 'command -v npm`);
    expect(shown.stdout).toBe(`ns1: installed iim-ts ${version} in ${PREFIX} (shown, not done)\nns2: installed iim-ts ${version} in ${PREFIX} (shown, not done)\n`);
    expect(shown.stderr).not.toContain('warning');
    expect(shown.status).toBe(0);
    for (const host of fleet.hosts) expect(existsSync(join(host.root, 'var', 'lib', 'iim-ts'))).toBe(false);
  });

  it('installs onto two hosts: each runs our version from its own prefix, and hostsCheck says the same version', async () => {
    const installed = await iim('-p', `prefix=${PREFIX}`, '-i', 'hostsInstall', 'ns1', 'ns2');
    expect(installed.stderr).toBe('');
    expect(installed.stdout).toBe(`ns1: installed iim-ts ${version} in ${PREFIX}\nns2: installed iim-ts ${version} in ${PREFIX}\n`);
    expect(installed.status).toBe(0);
    for (const host of ['ns1', 'ns2']) {
      const ran = fleet.ssh(host, 'iim-daemontools --version; readlink -f "$(command -v iim-daemontools)"');
      expect(ran.stdout).toBe(`iim-daemontools ${version}\n${PREFIX}/lib/node_modules/iim-ts/dist/bin/iim-daemontools.js\n`);
      // The installed copy is a real one, dependencies included (nothing links back to this checkout).
      expect(existsSync(join(fleet.host(host).root, 'var', 'lib', 'iim-ts', 'lib', 'node_modules', 'iim-ts', 'node_modules', 'enquirer', 'package.json'))).toBe(true);
    }
    expect(existsSync(join(fleet.host('ns3').root, 'var', 'lib', 'iim-ts'))).toBe(false);
    expect(existsSync(PREFIX)).toBe(here); // this machine's /var/lib is not the hosts'

    const checked = await iim('-i', 'hostsCheck', 'ns1', 'ns2');
    expect(checked.stdout).toMatch(new RegExp(`^ns1: ok: iim-ts ${version.replace(/\./g, '\\.')}, [0-9]+ djb programs present\nns2: ok: iim-ts `));
    expect(checked.status).toBe(0);
  });

  it('a prefix with a space, a quote and a $ arrives exactly; one not first on PATH is warned of', async () => {
    const odd = "/var/lib/iim ts'$HOME";
    const installed = await iim('-p', `prefix=${odd}`, '-i', 'hostsInstall', 'ns1');
    expect(installed.stdout).toBe(`ns1: installed iim-ts ${version} in ${odd}\n`);
    expect(installed.stderr).toBe(`ns1: warning: ${odd}/bin is not first on PATH there (iim: ${PREFIX}/bin/iim)\n`);
    expect(installed.status).toBe(0);
    expect(existsSync(join(fleet.host('ns1').root, 'var', 'lib', "iim ts'$HOME", 'bin', 'iim-tinydns'))).toBe(true);
  });

  it('a relative prefix is a usage error', async () => {
    const refused = await iim('-p', 'prefix=usr/local', '-i', 'hostsInstall', 'ns1');
    expect(refused.stderr).toContain('bad prefix "usr/local": expected an absolute directory like /usr/local');
    expect(refused.status).toBe(2);
  });

  it('a host that is down is named, the others are installed, exit 1', async () => {
    await fleet.stopHost('ns3');
    const installed = await iim('-p', `prefix=${PREFIX}`, '-p', 'hosts=ns1,ns3', '-i', 'hostsInstall');
    expect(installed.stdout).toBe(`ns1: installed iim-ts ${version} in ${PREFIX}\n`);
    expect(installed.stderr.trim().split('\n').pop()).toMatch(/^iim: hostsInstall: failed on 1 of 2 hosts: ns3 unreachable \(.+\)$/);
    expect(installed.status).toBe(1);
  });
});
