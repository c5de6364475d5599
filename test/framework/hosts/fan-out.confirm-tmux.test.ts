// A destructive command on more than one host, typed at a real terminal (tmux): it asks once,
// naming the hosts; "n" changes nothing on any host, "y" acts on every one, -f does not ask.
import { existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, isRoot } from '../../support/programs.js';
import { binPath, runBin } from '../../support/run-bin.js';
import { startTestHosts, type TestFleet } from '../../support/test-hosts.js';
import { TmuxSession } from '../../support/tmux.js';

const HOSTS = ['ns1', 'ns2'];
const QUESTION = 'svcRemove is destructive: run it on 2 hosts (ns1, ns2)? [y/N]';

describe.skipIf(!isRoot() || !available('sshd', 'ssh', 'unshare', 'tmux', 'svc'))('a destructive command on many hosts at a terminal', () => {
  let fleet: TestFleet;
  const terminal = new TmuxSession('fleet-confirm');
  const linked = (host: string, name: string) => lstatSync(join(fleet.host(host).root, 'etc', 'service', name), { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
  const create = async (name: string) => {
    const made = await runBin('iim-daemontools', ['-p', `sshConfig=${fleet.sshConfig}`, '-p', `hosts=${HOSTS.join(',')}`, '-i', 'svcCreate', name, 'sleep', '3600']);
    expect(made.status, made.stderr).toBe(0);
    for (const host of HOSTS) expect(linked(host, name)).toBe(true);
  };
  /** Type the removal at the prompt and wait for the question. */
  const remove = async (name: string, extra = '') => {
    await terminal.clear();
    terminal.type(`node ${binPath('iim-daemontools')} -p sshConfig=${fleet.sshConfig} -p hosts=${HOSTS.join(',')} ${extra}-i svcRemove ${name}; echo "EXIT=$?"`);
    terminal.keys('Enter');
  };
  const finished = () => terminal.waitForScreen('the exit status', (text) => /EXIT=\d+/.test(text), 60_000);

  beforeAll(async () => {
    fleet = await startTestHosts(2, 'fleet-confirm');
    expect(terminal.start(220, 50).status).toBe(0);
  });
  afterAll(async () => {
    terminal.kill();
    await fleet?.stop();
  });

  it('"n" refuses: nothing changes on any host, exit 1', async () => {
    await create('keep');
    await remove('keep');
    await terminal.waitForScreen('the question', (text) => text.includes(QUESTION));
    terminal.type('n');
    terminal.keys('Enter');
    const screen = await finished();
    expect(screen).toContain('iim-daemontools: svcRemove: destructive on 2 hosts (ns1, ns2): if you really want to do it, specify -f');
    expect(screen).toContain('EXIT=1');
    for (const host of HOSTS) expect(linked(host, 'keep')).toBe(true);
  });

  it('"y" removes the service on every host, asked once, exit 0', async () => {
    await create('gone');
    await remove('gone');
    await terminal.waitForScreen('the question', (text) => text.includes(QUESTION));
    terminal.type('y');
    terminal.keys('Enter');
    const screen = await finished();
    expect(screen).toContain('EXIT=0');
    expect(screen.split(QUESTION).length - 1).toBe(1);
    for (const host of HOSTS) {
      expect(linked(host, 'gone')).toBe(false);
      expect(existsSync(join(fleet.host(host).root, 'var', 'lib', 'iim', 'services', 'gone'))).toBe(true); // its directory stays
    }
  });

  it('-f acts without asking', async () => {
    await create('forced');
    await remove('forced', '-f ');
    const screen = await finished();
    expect(screen).toContain('EXIT=0');
    expect(screen).not.toContain('is destructive: run it on');
    for (const host of HOSTS) expect(linked(host, 'forced')).toBe(false);
  });
});
