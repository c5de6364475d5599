// Our default ControlMaster: when the ssh configuration sets none, the fan-out opens one master
// per host in a private 0700 directory, and the next command rides on it (no new handshake: it
// works even with the client key gone); a configuration with its own ControlPath is left alone.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlDirectory, fleetSshArguments, layeredConfigText, multiplexedBy } from '../../../framework/hosts/control-master.js';
import { available, isRoot } from '../../support/programs.js';
import { runBin } from '../../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../../support/sandbox.js';
import { startTestHosts, type TestFleet } from '../../support/test-hosts.js';

describe('which resolved configurations share a master', () => {
  it('ssh -G saying nothing of it (controlmaster false, no controlpath) does not; ControlMaster, a path and persist do', () => {
    expect(multiplexedBy('user root\ncontrolmaster false\ncontrolpersist no\n')).toBe(false);
    expect(multiplexedBy('controlmaster auto\ncontrolpath /tmp/x/%C\ncontrolpersist 60\n')).toBe(true);
    expect(multiplexedBy('controlmaster false\ncontrolpath /run/user/0/ssh-%C\n')).toBe(false);
  });
});

describe('the layered configuration (the user\'s first, then our defaults)', () => {
  const work = temporaryDirectory('control-layers');
  afterAll(() => removeDirectory(work));
  /** What ssh -G resolves for HOST with our layered configuration over USER (an ssh_config text). */
  const resolved = (user: string, host = 'ns1') => {
    const file = join(work, `user-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, user);
    const layered = join(work, 'layered');
    writeFileSync(layered, layeredConfigText(file, join(work, 'iim-ssh'))!);
    const shown = spawnSync('ssh', ['-G', '-F', layered, '--', host], { encoding: 'utf8' });
    expect(shown.status, shown.stderr).toBe(0);
    return Object.fromEntries(shown.stdout.split('\n').filter((line) => /^control/.test(line)).map((line) => line.split(' ', 2)));
  };

  it('fills in all three where the user\'s configuration says nothing', () => {
    expect(resolved('Host ns1\n  HostName 127.0.0.1\n')).toMatchObject({ controlmaster: 'auto', controlpersist: '60' });
    expect(resolved('Host ns1\n  HostName 127.0.0.1\n').controlpath).toMatch(new RegExp(`^${join(work, 'iim-ssh')}/[0-9a-f]{40}$`));
  });
  it('keeps whatever the user\'s configuration sets: its own path, multiplexing off, no persist', () => {
    expect(resolved('Host ns1\n  ControlPath /run/mine/%C\n').controlpath).toMatch(/^\/run\/mine\/[0-9a-f]{40}$/);
    expect(resolved('Host *\n  ControlMaster no\n').controlmaster).toBe('false');
    expect(resolved('Host ns1\n  ControlPersist no\n').controlpersist).toBe('no');
  });
  it('without -F it includes ~/.ssh/config and the system\'s /etc/ssh/ssh_config, as ssh reads them; odd paths get none', () => {
    const text = layeredConfigText(undefined, '/run/user/0/iim-ssh')!;
    expect(text.split('\n').filter((line) => line.startsWith('Include'))).toEqual(['Include ~/.ssh/config', 'Include /etc/ssh/ssh_config']);
    expect(layeredConfigText('/tmp/a "quoted" config', '/run/user/0/iim-ssh')).toBeUndefined();
    expect(layeredConfigText('/tmp/with space', '/run/user/0/iim-ssh')).toContain('Include "/tmp/with space"');
  });
  it('is written once in the private directory and handed to ssh with -F; nothing else of ours on the command line', async () => {
    const previous = process.env.XDG_RUNTIME_DIR;
    process.env.XDG_RUNTIME_DIR = work;
    try {
      const user = join(work, 'plain');
      writeFileSync(user, 'Host *\n  BatchMode yes\n');
      const args = await fleetSshArguments({ name: 'ns1' }, 'true', user);
      expect(args.slice(0, 2)[0]).toBe('-F');
      expect(args[1].startsWith(join(work, 'iim-ssh', 'config-'))).toBe(true);
      expect(statSync(args[1]).mode & 0o777).toBe(0o600);
      expect(readFileSync(args[1], 'utf8')).toContain(`Include ${user}\n`);
      expect(args.slice(2)).toEqual(['-o', 'BatchMode=yes', '--', 'ns1', 'true']);
    } finally {
      if (previous === undefined) delete process.env.XDG_RUNTIME_DIR;
      else process.env.XDG_RUNTIME_DIR = previous;
    }
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
