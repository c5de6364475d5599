// The test hosts themselves (test/support/test-hosts.ts), and runSsh against them: real sshd
// processes on loopback, each with its own mounts and pid space.
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSsh, sshArguments } from '../../../framework/hosts/ssh.js';
import { available, isRoot } from '../../support/programs.js';
import { processesInNamespace, startTestHosts, type TestFleet } from '../../support/test-hosts.js';

describe.skipIf(!isRoot() || !available('sshd', 'ssh', 'unshare'))('test hosts', () => {
  let fleet: TestFleet;
  beforeAll(async () => {
    fleet = await startTestHosts(2, 'ssh');
  });
  afterAll(async () => fleet?.stop());

  it('answer ssh -F CONFIG ns1 true, with this checkout\'s bins on PATH', () => {
    expect(fleet.ssh('ns1', 'true').status).toBe(0);
    const path = fleet.ssh('ns1', 'command -v iim-daemontools');
    expect(path.stdout.trim()).toBe(`${fleet.directory}/bin/iim-daemontools`);
  });

  it('have their own /etc/service and pid space, invisible from outside', () => {
    const listed = fleet.ssh('ns1', 'touch /etc/service/only-on-ns1 && ls /etc/service');
    expect(listed.stdout, `status ${listed.status}: ${listed.stderr}`).toBe('only-on-ns1\n');
    expect(fleet.ssh('ns2', 'ls /etc/service').stdout).toBe('');
    expect(existsSync('/etc/service/only-on-ns1')).toBe(false);
    expect(readdirSync(`${fleet.host('ns1').root}/etc/service`)).toEqual(['only-on-ns1']);
    const init = fleet.ssh('ns1', 'cat /proc/1/comm');
    expect(init.stdout, `status ${init.status}: ${init.stderr}`).toBe('sshd\n');
  });

  it('run commands through runSsh, reusing the ControlMaster connection', async () => {
    const lines: string[] = [];
    const result = await runSsh('ns2', sshArguments({ name: 'ns2' }, "printf '%s\\n' one two; echo three >&2; exit 3", { config: fleet.sshConfig }), {
      stdout: (line) => lines.push(`out ${line}`), stderr: (line) => lines.push(`err ${line}`),
    });
    expect(result).toMatchObject({ host: 'ns2', status: 3, stdout: 'one\ntwo\n', stderr: 'three\n' });
    expect(lines.filter((l) => l.startsWith('out'))).toEqual(['out one', 'out two']);
    expect(fleet.ssh('ns2', 'true').status).toBe(0);
  });

  it('stop: a stopped host is unreachable (255) and leaves no process', async () => {
    const host = fleet.host('ns2');
    await fleet.stopHost('ns2');
    expect(processesInNamespace(host.pidNamespace)).toEqual([]);
    const result = await runSsh('ns2', sshArguments({ name: 'ns2' }, 'true', { config: fleet.sshConfig }));
    expect(result.status).toBe(255);
  });
});
