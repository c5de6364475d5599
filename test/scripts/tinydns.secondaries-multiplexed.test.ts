// Pushes to a secondary whose ssh configuration says nothing of ControlMaster (a sysadmin's plain
// ~/.ssh/config) ride on the fleet's default master: the second recordAdd needs no new handshake.
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { runBin } from '../support/run-bin.js';
import { startTestHosts, type TestFleet } from '../support/test-hosts.js';
import { answers, dnsq, makeWorld, tearDown, type TinydnsWorld } from '../support/tinydns-world.js';

const ready = isRoot() && available('sshd', 'ssh', 'unshare', 'svscan', 'tinydns', 'tinydns-conf', 'tinydns-data', 'tinydns-get', 'dnsq');

describe.skipIf(!ready)('iim-tinydns pushes with no ControlMaster in the ssh configuration', () => {
  let fleet: TestFleet;
  let world: TinydnsWorld;
  let runtime: string;
  const ip = () => fleet.host('ns1').address;
  // XDG_RUNTIME_DIR inside the fleet's directory: its masters are stopped with the fleet
  const bin = (...args: string[]) => runBin('iim-tinydns', ['-p', `dir=${world.dir}`, '-p', `serviceDir=${world.serviceDir}`, '-p', `sshConfig=${fleet.sshConfig}`, ...args],
    { env: { XDG_RUNTIME_DIR: runtime } });
  /** ssh -O check on the fleet's default socket for ns1: its master's pid, or undefined when none runs. */
  const master = () => {
    const checked = spawnSync('ssh', ['-F', fleet.sshConfig, '-o', `ControlPath=${join(runtime, 'iim-ssh', '%C')}`, '-O', 'check', 'ns1'], { encoding: 'utf8' });
    return checked.status === 0 ? /pid=([0-9]+)/.exec(checked.stderr)?.[1] : undefined;
  };

  beforeAll(async () => {
    fleet = await startTestHosts(1, 'sec-mux', { controlMaster: false });
    runtime = join(fleet.directory, 'rt'); // short: a socket path has 107 characters at most
    mkdirSync(runtime, { mode: 0o700 });
    for (const command of [`iim-tinydns -i setup ${ip()}`, 'iim-daemontools -i svscanStart']) {
      const ran = fleet.ssh('ns1', command);
      expect(ran.status, ran.stderr).toBe(0);
    }
    world = await makeWorld('sec-mux-primary');
  }, 60_000);
  afterAll(async () => {
    tearDown(world);
    await fleet?.stop();
  });

  it('secondaryAdd does not warn; the first recordAdd leaves a master, the second rides on it with the client key gone', async () => {
    const added = await bin('-i', 'secondaryAdd', 'ns1', ip());
    expect(added.status, added.stderr).toBe(0);
    expect(added.stderr).not.toContain('not multiplexed');
    expect(master()).toBeUndefined();

    expect((await bin('-i', 'recordAdd', 'ns', 'example.test', world.ip)).status).toBe(0);
    const first = await bin('-i', 'recordAdd', 'host', 'one.example.test', '10.0.3.1');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^ns1: serial [0-9]+, answering\n/);
    const pid = master();
    expect(pid).toMatch(/^[0-9]+$/);

    // Without the key a new connection cannot log in: only the master can carry the push.
    const key = join(fleet.directory, 'client_key');
    renameSync(key, `${key}.away`);
    try {
      const second = await bin('-i', 'recordAdd', 'host', 'two.example.test', '10.0.3.2');
      expect(second.status, second.stderr).toBe(0);
      expect(second.stdout).toMatch(/^ns1: serial [0-9]+, answering\n/);
    } finally {
      renameSync(`${key}.away`, key);
    }
    expect(answers(dnsq('a', 'two.example.test', ip()))).toEqual(['two.example.test 86400 A 10.0.3.2']);
    expect(master()).toBe(pid);
  }, 60_000);
});
