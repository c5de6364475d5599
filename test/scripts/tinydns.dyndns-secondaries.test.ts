// The dyndns service with a tinydns secondary on a real sshd test host: a coalesced update is
// pushed there by the service itself (its own account, its own ssh config), and answered there.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { startTestHosts, type TestFleet } from '../support/test-hosts.js';
import { makeDyndnsWorld, tearDown, type DyndnsWorld } from '../support/dyndns-world.js';
import { answers, dnsq } from '../support/tinydns-world.js';

const ready = isRoot() && available('sshd', 'ssh', 'unshare', 'svscan', 'supervise', 'setuidgid', 'tinydns', 'tinydns-conf', 'tinydns-data', 'tinydns-get', 'dnsq');
const PASSWORD = 'correct horse battery';

/** The fleet's ssh config, key and known hosts, copied for the service's account (no ControlMaster: no ssh left behind). */
function sshConfigFor(fleet: TestFleet, dir: string, account: string): string {
  mkdirSync(dir, { mode: 0o700 });
  const config = readFileSync(fleet.sshConfig, 'utf8');
  const key = /IdentityFile (\S+)/.exec(config)![1];
  const known = /UserKnownHostsFile (\S+)/.exec(config)![1];
  copyFileSync(key, join(dir, 'key'));
  copyFileSync(known, join(dir, 'known_hosts'));
  const text = config
    .replace(/IdentityFile \S+/, `IdentityFile ${join(dir, 'key')}`)
    .replace(/UserKnownHostsFile \S+/, `UserKnownHostsFile ${join(dir, 'known_hosts')}`)
    .replace(/ControlMaster auto/, 'ControlMaster no')
    .replace(/ *ControlPath .*\n/, '')
    .replace(/ *ControlPersist .*\n/, '');
  writeFileSync(join(dir, 'config'), text, { mode: 0o600 });
  expect(spawnSync('chown', ['-R', account, dir]).status).toBe(0);
  return join(dir, 'config');
}

describe.skipIf(!ready)('iim-tinydns dyndns2 service with a secondary over ssh', { timeout: 180_000 }, () => {
  let fleet: TestFleet | undefined;
  let world: DyndnsWorld | undefined;
  afterEach(async () => {
    tearDown(world);
    world = undefined;
    await fleet?.stop();
    fleet = undefined;
  });

  it('one batch is pushed once: the secondary answers the new addresses with the primary\'s serial', async () => {
    fleet = await startTestHosts(1, 'dyndns-secondary');
    const ns1 = fleet.host('ns1').address;
    for (const command of [`iim-tinydns -i setup ${ns1}`, 'iim-daemontools -i svscanStart']) {
      const ran = fleet.ssh('ns1', command);
      expect(ran.status, ran.stderr).toBe(0);
    }
    world = await makeDyndnsWorld('dyndns-secondary');
    const added = await world.bin('-p', `sshConfig=${fleet.sshConfig}`, '-i', 'secondaryAdd', 'ns1', ns1);
    expect(added.status, added.stderr).toBe(0);
    expect((await world.bin('-p', `sshConfig=${fleet.sshConfig}`, '-i', 'secondaryPush')).status).toBe(0);
    await world.settings({ SSHCONFIG: sshConfigFor(fleet, join(world.top, 'dyndns-ssh'), 'dyndns') });
    await world.account('home', PASSWORD, 'a.dyn.test', 'b.dyn.test');

    const reply = await world.get('/nic/update?hostname=a.dyn.test,b.dyn.test&myip=192.0.2.61', 'home', PASSWORD);
    expect(reply.body).toBe('good 192.0.2.61\ngood 192.0.2.61\n');
    // Answered once compiled and pushed: the secondary has both at once.
    for (const name of ['a.dyn.test', 'b.dyn.test']) expect(answers(dnsq('a', name, ns1))).toEqual([`${name} 60 A 192.0.2.61`]);
    await world.logged('a.dyn.test good 192.0.2.61');
    const pushes = world.log().filter((line) => /ns1: serial [0-9]+, answering/.test(line));
    expect(pushes).toHaveLength(1);
    const primary = spawnSync('tinydns-get', ['soa', 'dyn.test'], { cwd: join(world.dir, 'root'), encoding: 'latin1' }).stdout;
    const serial = / SOA \S+ \S+ ([0-9]+) /.exec(primary)![1];
    expect(pushes[0]).toContain(`ns1: serial ${serial}, answering`);

    // The secondary down: the change stands here and is answered good; the log says who is behind.
    await fleet.stop();
    const alone = await world.get('/nic/update?hostname=a.dyn.test&myip=192.0.2.62', 'home', PASSWORD);
    expect(alone.body).toBe('good 192.0.2.62\n');
    await world.answersWith('a', 'a.dyn.test', '192.0.2.62');
    await world.logged('a.dyn.test good 192.0.2.62');
    expect(world.log().slice(-6).join('\n')).toMatch(/ns1: unreachable .*1 change behind/);
  });
});
