// iim-daemontools on a fleet of three real sshd test hosts, each with its own /etc/service and
// /var/lib/iim (the scripts' default paths) and its own svscan started through the fan-out.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../support/run-bin.js';
import { available, isRoot } from '../support/programs.js';
import { startTestHosts, type TestFleet } from '../support/test-hosts.js';
import { snapshotTree } from '../support/tree-snapshot.js';

const HOSTS = ['ns1', 'ns2', 'ns3'];
const linesOf = (stdout: string, host: string) =>
  stdout.split('\n').filter((line) => line.startsWith(`${host}: `)).map((line) => line.slice(host.length + 2));

describe.skipIf(!isRoot() || !available('sshd', 'ssh', 'unshare', 'svscan'))('iim-daemontools -p hosts=ns1,ns2,ns3', () => {
  let fleet: TestFleet;
  const fan = (...args: string[]) => runBin('iim-daemontools', ['-p', `sshConfig=${fleet.sshConfig}`, '-p', `hosts=${HOSTS.join(',')}`, ...args]);
  const treeHash = (host: string) =>
    createHash('sha256').update(JSON.stringify(snapshotTree(fleet.host(host).root, (path) => path.startsWith('run')))).digest('hex');

  beforeAll(async () => {
    fleet = await startTestHosts(3, 'dt-fleet');
  });
  afterAll(async () => fleet?.stop());

  it('svscanStart + svcCreate + svcStatus on every host, each on its own /etc/service', async () => {
    const started = await fan('-i', 'svscanStart');
    expect(started.stderr).toBe('');
    expect(started.status).toBe(0);
    for (const host of HOSTS) expect(linesOf(started.stdout, host)).toEqual([expect.stringMatching(/^svscan runs on \/etc\/service \(pid [0-9]+\)$/)]);

    const created = await fan('-i', 'svcCreate', 'hello', 'sh', '-c', 'echo hello from $GREETING; exec sleep 3600');
    expect(created.status).toBe(0);
    for (const host of HOSTS) {
      expect(fleet.ssh(host, 'readlink /etc/service/hello').stdout).toBe('/var/lib/iim/services/hello\n');
    }

    const status = await fan('-i', 'svcStatus');
    expect(status.status).toBe(0);
    for (const host of HOSTS) expect(linesOf(status.stdout, host)).toEqual([expect.stringMatching(/^hello: up \(pid [0-9]+\) [0-9]+ seconds/)]);
  });

  it('envSet -p restart=yes on every host: the variable is written and the service restarted', async () => {
    const before = await fan('-p', 'format=json', '-i', 'svcStatus', 'hello');
    const pids = before.stdout.trim().split('\n').map((line) => JSON.parse(JSON.parse(line).stdout)[0].pid);
    const set = await fan('-p', 'restart=yes', '-i', 'envSet', 'hello', 'GREETING', 'the fleet');
    expect(set.status).toBe(0);
    const after = await fan('-p', 'format=json', '-i', 'svcStatus', 'hello');
    const rows = after.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(rows.map((row) => row.host)).toEqual(HOSTS);
    rows.forEach((row, i) => {
      expect(JSON.parse(row.stdout)[0].pid).not.toBe(pids[i]);
      expect(fleet.ssh(row.host, 'cat /var/lib/iim/services/hello/env/GREETING').stdout).toBe('the fleet\n');
    });
  });

  it('envList is a report: one "== HOST ==" block per host, in order', async () => {
    const listed = await fan('-i', 'envList', 'hello');
    expect(listed.status).toBe(0);
    const blocks = listed.stdout.split(/^== (ns[0-9]) ==\n/m);
    expect(blocks[0]).toBe('');
    expect([blocks[1], blocks[3], blocks[5]]).toEqual(HOSTS);
    for (const body of [blocks[2], blocks[4], blocks[6]]) expect(body).toMatch(/GREETING=the fleet/);
  });

  it('params is a report from each host: its values and their sources there', async () => {
    const shown = await fan('-i', 'params');
    expect(shown.status).toBe(0);
    const blocks = shown.stdout.split(/^== (ns[0-9]) ==\n/m);
    expect([blocks[1], blocks[3], blocks[5]]).toEqual(HOSTS);
    for (const body of [blocks[2], blocks[4], blocks[6]]) expect(body).toMatch(/serviceDir +the directory svscan scans = "\/etc\/service" \(default\)/);
  });

  it('-n showOnly across hosts prints each host\'s plan and changes nothing anywhere', async () => {
    const before = HOSTS.map(treeHash);
    const shown = await fan('-n', 'showOnly', '-f', '-i', 'svcCreate', 'other', 'sleep', '60');
    expect(shown.status).toBe(0);
    for (const host of HOSTS) expect(shown.stderr).toContain(`${host}: ln -s /var/lib/iim/services/other /etc/service/other`);
    const removal = await fan('-n', 'showOnly', '-i', 'svcRemove', 'hello');
    expect(removal.status).toBe(0);
    expect(HOSTS.map(treeHash)).toEqual(before);
  });

  it('a destructive command on three hosts without -f refuses, naming them', async () => {
    const refused = await fan('-i', 'svscanStop');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe('iim-daemontools: svscanStop: destructive on 3 hosts (ns1, ns2, ns3): if you really want to do it, specify -f\n');
  });

  it('one host down: the others answer, exit 1, the last line names it unreachable', async () => {
    await fleet.stopHost('ns2');
    const status = await fan('-i', 'svcStatus');
    expect(status.status).toBe(1);
    expect(linesOf(status.stdout, 'ns1')).toEqual([expect.stringMatching(/^hello: up /)]);
    expect(linesOf(status.stdout, 'ns3')).toEqual([expect.stringMatching(/^hello: up /)]);
    expect(status.stderr.trim().split('\n').pop()).toMatch(/^iim-daemontools: svcStatus: failed on 1 of 3 hosts: ns2 unreachable \(.+\)$/);
  });
});
