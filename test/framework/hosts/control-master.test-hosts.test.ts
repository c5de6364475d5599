// Our default ControlMaster: when the ssh configuration sets none, the fan-out opens one master
// per host in a private 0700 directory, and the next command rides on it (no new handshake: it
// works even with the client key gone); a configuration with its own ControlPath is left alone.
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configChoosesControl, controlDirectory } from '../../../framework/hosts/control-master.js';
import { available, isRoot } from '../../support/programs.js';
import { runBin } from '../../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../../support/sandbox.js';
import { startTestHosts, type TestFleet } from '../../support/test-hosts.js';

describe('which configurations get our ControlMaster', () => {
  it('ssh -G saying nothing of it (controlmaster false, no controlpath) gets ours', () => {
    expect(configChoosesControl('user root\ncontrolmaster false\ncontrolpersist no\n')).toBe(false);
  });
  it('a configuration with its own master or path keeps it', () => {
    expect(configChoosesControl('controlmaster auto\ncontrolpath /tmp/x/%C\ncontrolpersist 60\n')).toBe(true);
    expect(configChoosesControl('controlmaster false\ncontrolpath /run/user/0/ssh-%C\n')).toBe(true);
  });
});

describe('the socket directory', () => {
  const work = temporaryDirectory('control-dir');
  afterAll(() => removeDirectory(work));

  it('is made mode 0700 under $XDG_RUNTIME_DIR', () => {
    const directory = controlDirectory({ XDG_RUNTIME_DIR: work });
    expect(directory).toBe(join(work, 'iim-ssh'));
    expect(statSync(directory!).mode & 0o777).toBe(0o700);
  });
  it('is refused when others may enter it, or when it is a symlink', () => {
    const open = join(work, 'open');
    mkdirSync(join(open, 'iim-ssh'), { recursive: true, mode: 0o755 });
    expect(controlDirectory({ XDG_RUNTIME_DIR: open })).toBeUndefined();
    const linked = join(work, 'linked');
    mkdirSync(linked);
    symlinkSync(join(work, 'iim-ssh'), join(linked, 'iim-ssh'));
    expect(controlDirectory({ XDG_RUNTIME_DIR: linked })).toBeUndefined();
  });
});

describe.skipIf(!isRoot() || !available('sshd', 'ssh', 'unshare'))('a second command reuses the master', () => {
  let fleet: TestFleet;
  let runtime: string;
  const fan = (...args: string[]) => runBin('iim-daemontools', ['-p', `sshConfig=${fleet.sshConfig}`, '-p', 'hosts=ns1,ns2', ...args], { env: { XDG_RUNTIME_DIR: runtime } });
  /** ssh -O check on our socket for HOST: its master's pid, or undefined when none runs. */
  const masterOf = (host: string) => {
    const checked = spawnSync('ssh', ['-F', fleet.sshConfig, '-o', `ControlPath=${join(runtime, 'iim-ssh', '%C')}`, '-O', 'check', host], { encoding: 'utf8' });
    return checked.status === 0 ? /pid=([0-9]+)/.exec(checked.stderr)?.[1] : undefined;
  };

  beforeAll(async () => {
    fleet = await startTestHosts(2, 'cm', { controlMaster: false });
    runtime = join(fleet.directory, 'rt'); // short: a socket path has 107 characters at most
    mkdirSync(runtime, { mode: 0o700 });
  });
  afterAll(async () => fleet?.stop());

  it('the first command leaves one master per host; the second needs no key, the masters are the same', async () => {
    expect(masterOf('ns1')).toBeUndefined();
    const first = await fan('-i', 'svcStatus');
    expect(first.status, first.stderr).toBe(0);
    const masters = ['ns1', 'ns2'].map(masterOf);
    expect(masters).toEqual([expect.stringMatching(/^[0-9]+$/), expect.stringMatching(/^[0-9]+$/)]);
    expect(statSync(join(runtime, 'iim-ssh')).mode & 0o777).toBe(0o700);

    // Without the key a new connection cannot log in: only the masters can carry the command.
    const key = join(fleet.directory, 'client_key');
    renameSync(key, `${key}.away`);
    try {
      const second = await fan('-i', 'svcStatus');
      expect(second.status, second.stderr).toBe(0);
    } finally {
      renameSync(`${key}.away`, key);
    }
    expect(['ns1', 'ns2'].map(masterOf)).toEqual(masters);
  });
});
