// The test hosts themselves (test/support/test-hosts.ts), and runSsh against them: real sshd
// processes on loopback, each with its own mounts and pid space.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSsh, sshArguments } from '../../../framework/hosts/ssh.js';
import { available, isRoot } from '../../support/programs.js';
import { processesInNamespace, startTestHosts, type TestFleet } from '../../support/test-hosts.js';

const hashOf = (file: string) => (existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'absent');
const DOTFILES = ['/root/.bashrc', '/root/.profile'];
/** What a fresh Debian root's FILE holds (base-files' copy; empty where there is none). */
const debianText = (file: string) => {
  const debian = `/usr/share/base-files/dot${file.slice('/root/.'.length - 1)}`;
  return existsSync(debian) ? readFileSync(debian, 'utf8') : '';
};

describe.skipIf(!isRoot() || !available('sshd', 'ssh', 'unshare'))('test hosts', () => {
  let fleet: TestFleet;
  const machineHashes = DOTFILES.map(hashOf);
  beforeAll(async () => {
    fleet = await startTestHosts(2, 'ssh');
  });
  afterAll(async () => {
    await fleet?.stop();
    // the hosts' dotfiles were bind mounts in their own namespaces: this machine's are untouched
    expect(DOTFILES.map(hashOf)).toEqual(machineHashes);
  });

  it.each(DOTFILES)('have a fresh Debian root\'s %s, and leave this machine\'s as it was', (file) => {
    if (!existsSync(file)) return expect(fleet.ssh('ns1', `test -e ${file}`).status).toBe(1);
    const read = fleet.ssh('ns1', `cat ${file}`);
    expect(read.stdout, read.stderr).toBe(debianText(file));
    // a host that writes there changes its own copy only
    expect(fleet.ssh('ns1', `echo '# written on ns1' >> ${file}`).status).toBe(0);
    expect(fleet.ssh('ns1', `cat ${file}`).stdout).toBe(`${debianText(file)}# written on ns1\n`);
    expect(fleet.ssh('ns2', `cat ${file}`).stdout).toBe(debianText(file));
    expect(hashOf(file)).toBe(machineHashes[DOTFILES.indexOf(file)]);
  });

  it('a stopped host keeps its pid namespace number until its fleet stops: a new namespace never gets it, so no teardown takes another test\'s host for its own', async () => {
    const mine = await startTestHosts(1, 'ssh-namespace');
    try {
      const stopped = mine.host('ns1').pidNamespace;
      await mine.stopHost('ns1');
      // the kernel hands freed namespace numbers out again within a few new namespaces
      const made = Array.from({ length: 12 }, () =>
        spawnSync('unshare', ['--pid', '--fork', 'readlink', '/proc/self/ns/pid'], { encoding: 'utf8' }).stdout.trim());
      expect(made.every((ns) => /^pid:\[[0-9]+\]$/.test(ns))).toBe(true);
      expect(made).not.toContain(stopped);
    } finally {
      await mine.stop();
    }
  }, 60_000);

  it('machineDotfiles: a host whose root has this machine\'s own ~/.bashrc', async () => {
    const own = await startTestHosts(1, 'ssh-own-dotfiles', { machineDotfiles: true });
    try {
      const read = own.ssh('ns1', 'cat /root/.bashrc');
      expect(read.stdout, read.stderr).toBe(existsSync('/root/.bashrc') ? readFileSync('/root/.bashrc', 'utf8') : '');
    } finally {
      await own.stop();
    }
  }, 60_000);

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
