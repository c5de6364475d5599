// iim -i hostsCheck on sshd test hosts: one ready, one lacking a djb program, one with another
// iim-ts version, one without iim-ts, one down.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, runBin } from '../../support/run-bin.js';
import { available, isRoot } from '../../support/programs.js';
import { startTestHosts, type TestFleet } from '../../support/test-hosts.js';

const version = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version;

describe.skipIf(!isRoot() || !available('sshd', 'ssh', 'unshare', 'svscan', 'tinydns'))('iim -i hostsCheck', () => {
  let fleet: TestFleet;
  const older = mkdtempSync(join(tmpdir(), 'iim-test-older-'));
  beforeAll(async () => {
    writeFileSync(join(older, 'package.json'), JSON.stringify({ name: 'iim-ts', version: '0.0.1' }));
    fleet = await startTestHosts(4, 'hosts-check', {
      setup: {
        // on that host only: tinydns an unexecutable file; iim-ts an older version
        ns2: ['mount --bind /dev/null /usr/sbin/tinydns'],
        ns4: [`mount --bind ${join(older, 'package.json')} ${join(projectRoot, 'package.json')}`],
      },
    });
  });
  afterAll(async () => {
    await fleet?.stop();
    rmSync(older, { recursive: true, force: true });
  });

  it('says for each host what it lacks, and exits 1 naming the hosts not ready', async () => {
    await fleet.stopHost('ns3');
    const result = await runBin('iim', ['-p', `sshConfig=${fleet.sshConfig}`, '-i', 'hostsCheck', 'ns1', 'ns2', 'ns3', 'ns4']);
    expect(result.stdout.split('\n')).toEqual([
      `ns1: ok: iim-ts ${version}, 21 djb programs present`,
      'ns2: missing tinydns (apt-get install tinydns)',
      expect.stringMatching(/^ns3: unreachable \(.+\)$/),
      `ns4: iim-ts 0.0.1, here ${version}`,
      '',
    ]);
    expect(result.stderr).toBe(`iim: hostsCheck: 3 of 4 hosts not ready: ns2, ns3, ns4; this version onto ns4: iim -p sshConfig=${fleet.sshConfig} -i hostsInstall ns4\n`);
    expect(result.status).toBe(1);
  });

  it('-p hosts=@GROUP -p format=json: one object per host', async () => {
    const result = await runBin('iim', ['-p', `sshConfig=${fleet.sshConfig}`, '-p', `inventory=${fleet.inventory}`, '-p', 'hosts=ns1', '-p', 'format=json', '-i', 'hostsCheck']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ host: 'ns1', reachable: true, version, sameVersion: true, missing: [] });
  });
});
