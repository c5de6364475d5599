// iim-tinydns with two tinydns secondaries on real sshd test hosts (ns1, ns2), each running its
// own tinydns on its own loopback address under its own svscan: every change is pushed over ssh
// and checked by asking each secondary's tinydns for the SOA serial.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { runBin } from '../support/run-bin.js';
import { startTestHosts, type TestFleet } from '../support/test-hosts.js';
import { answers, dnsq, makeWorld, serve, tearDown, type TinydnsWorld } from '../support/tinydns-world.js';

const ready = isRoot() && available('sshd', 'ssh', 'unshare', 'svscan', 'tinydns', 'tinydns-conf', 'tinydns-data', 'tinydns-get', 'dnsq');
const SERIAL_LINE = /^ns[12]: serial ([0-9]+), answering$/;

describe.skipIf(!ready)('iim-tinydns secondaries over ssh', () => {
  let fleet: TestFleet;
  let world: TinydnsWorld;
  const bin = (...args: string[]) => world.bin('-p', `sshConfig=${fleet.sshConfig}`, ...args);
  const ip = (host: string) => fleet.host(host).address;
  const soaSerial = (server: string) => Number(/ SOA \S+ \S+ ([0-9]+) /.exec(dnsq('soa', 'example.test', server))?.[1]);
  const primarySerial = () => {
    const got = spawnSync('tinydns-get', ['soa', 'example.test'], { cwd: join(world.dir, 'root'), encoding: 'latin1' });
    return Number(/ SOA \S+ \S+ ([0-9]+) /.exec(got.stdout)?.[1]);
  };
  const startTinydns = (host: string) => {
    const started = fleet.ssh(host, 'iim-daemontools -i svscanStart');
    expect(started.status, started.stderr).toBe(0);
  };

  beforeAll(async () => {
    fleet = await startTestHosts(2, 'tinydns-secondaries');
    for (const host of ['ns1', 'ns2']) {
      const setup = fleet.ssh(host, `iim-tinydns -i setup ${ip(host)}`);
      expect(setup.status, setup.stderr).toBe(0);
      startTinydns(host);
    }
    world = await makeWorld('tinydns-primary');
    serve(world);
  }, 60_000);
  afterAll(async () => {
    tearDown(world);
    await fleet?.stop();
  });

  it('secondaryAdd keeps each as a file variable; a bad host is refused', async () => {
    expect((await bin('-i', 'secondaryAdd', 'ns1', ip('ns1'))).status).toBe(0);
    expect((await bin('-i', 'secondaryAdd', 'ns2')).status).toBe(0);
    expect(readFileSync(join(world.dir, 'secondaries', 'ns1'), 'utf8')).toBe(`${ip('ns1')}\n`);
    expect(readFileSync(join(world.dir, 'secondaries', 'ns2'), 'utf8')).toBe('');
    const listed = await bin('-i', 'secondaryList');
    expect(listed.stdout).toBe(`ns1 ${ip('ns1')}\nns2 (its env/IP)\n`);
    const bad = await bin('-i', 'secondaryAdd', '--', '-oProxyCommand=x');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('bad secondary "-oProxyCommand=x"');
    expect((await bin('-i', 'secondaryAdd', 'a b')).status).toBe(1);
  });

  it('secondaryAdd warns when the ssh configuration turns multiplexing off (each push would pay a handshake)', async () => {
    const multiplexed = await bin('-i', 'secondaryAdd', 'ns1', ip('ns1'));
    expect(multiplexed.stderr).not.toContain('not multiplexed');
    // a configuration that says nothing of it gets the fleet's default master
    const plain = join(world.top, 'plain_ssh_config');
    writeFileSync(plain, 'Host *\n  BatchMode yes\n');
    const defaulted = await bin('-p', `sshConfig=${plain}`, '-i', 'secondaryAdd', 'ns9.example.test');
    expect(defaulted.status, defaulted.stderr).toBe(0);
    expect(defaulted.stderr).not.toContain('not multiplexed');
    const turnedOff = { 'ControlMaster no': 'ControlMaster no\n  ControlPath /tmp/%C', 'ControlPersist no': 'ControlMaster auto\n  ControlPath /tmp/%C\n  ControlPersist no', 'ControlPath none': 'ControlMaster auto\n  ControlPath none' };
    for (const [what, lines] of Object.entries(turnedOff)) {
      const off = join(world.top, 'off_ssh_config');
      writeFileSync(off, `Host *\n  BatchMode yes\n  ${lines}\n`);
      const added = await bin('-p', `sshConfig=${off}`, '-i', 'secondaryAdd', 'ns9.example.test');
      expect(added.status, added.stderr).toBe(0);
      expect(added.stderr, what).toContain('warning: ssh to ns9.example.test is not multiplexed: every push pays a whole ssh handshake; set ControlMaster auto');
    }
    expect((await bin('-i', 'secondaryRemove', 'ns9.example.test')).status).toBe(0);
  });

  it('recordAdd is pushed to both: each answers the new record with the primary\'s serial', async () => {
    const zone = await bin('-i', 'recordAdd', 'ns', 'example.test', world.ip);
    expect(zone.status, zone.stderr).toBe(0);
    const added = await bin('-i', 'recordAdd', 'host', 'www.example.test', '10.0.2.1');
    expect(added.status, added.stderr).toBe(0);
    const serial = primarySerial();
    expect(added.stdout).toBe(`ns1: serial ${serial}, answering\nns2: serial ${serial}, answering\nadded and compiled: =www.example.test:10.0.2.1:86400\n`);
    for (const host of ['ns1', 'ns2']) {
      expect(answers(dnsq('a', 'www.example.test', ip(host)))).toEqual(['www.example.test 86400 A 10.0.2.1']);
      expect(soaSerial(ip(host))).toBe(serial);
      // the secondary's own data is the primary's, compiled there
      expect(fleet.ssh(host, 'cat /etc/tinydns/root/data').stdout).toBe(world.readData());
    }
  });

  it('-n showOnly shows the push (ssh with the remote command quoted) and changes nothing there', async () => {
    const before = fleet.ssh('ns1', 'cat /etc/tinydns/root/data').stdout;
    const shown = await bin('-n', 'showOnly', '-i', 'recordAdd', 'host', 'shown.example.test', '10.0.2.99');
    expect(shown.status, shown.stderr).toBe(0);
    const serial = /touch -d @([0-9]+) /.exec(shown.stderr)?.[1];
    // ssh reads our layered configuration: the sshConfig given first, then our default ControlMaster
    const layered = /ssh -o ConnectTimeout=10 -F (\S+\/iim-ssh[^/\s]*\/config-[0-9a-f]{16}) -o BatchMode=yes -- ns1 'sh -c '\\''set -e; cd "\$1\/root"; /.exec(shown.stderr)?.[1];
    expect(layered, shown.stderr).toBeDefined();
    expect(readFileSync(layered!, 'utf8')).toContain(`Include ${fleet.sshConfig}\n`);
    expect(shown.stderr).toContain(`iim-tinydns-push /etc/tinydns'\n`);
    expect(shown.stderr).toContain(`touch -d @${serial} ${world.data}.cdb\n`);
    expect(shown.stdout).toBe('added and compiled: =shown.example.test:10.0.2.99:86400 (shown, not done)\n');
    expect(fleet.ssh('ns1', 'cat /etc/tinydns/root/data').stdout).toBe(before);
  });

  it('a change that changes nothing (a record already there, a removal refused) pushes nothing: the waiting sessions end', async () => {
    const before = fleet.ssh('ns1', 'stat -c %Y /etc/tinydns/root/data').stdout;
    const again = await bin('-i', 'recordAdd', 'host', 'www.example.test', '10.0.2.1');
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toBe('');
    const refused = await bin('-i', 'recordRemove', 'host', 'nosuch.example.test');
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(fleet.ssh('ns1', 'stat -c %Y /etc/tinydns/root/data').stdout).toBe(before);
    expect(fleet.ssh('ns1', 'ls /etc/tinydns/root').stdout).not.toContain('data.push');
  });

  it('two changes within one second: two serials, each secondary has the second', async () => {
    const before = primarySerial();
    const started = Date.now();
    const first = await bin('-i', 'recordAdd', 'host', 'a.example.test', '10.0.2.2');
    const second = await bin('-i', 'recordAdd', 'host', 'b.example.test', '10.0.2.3');
    expect([first.status, second.status]).toEqual([0, 0]);
    const serials = [first, second].map((r) => Number(SERIAL_LINE.exec(r.stdout.split('\n')[0])?.[1]));
    expect(serials[0]).toBeGreaterThan(before);
    expect(serials[1]).toBeGreaterThan(serials[0]);
    expect(Date.now() - started).toBeLessThan(5000);
    for (const host of ['ns1', 'ns2']) {
      expect(soaSerial(ip(host))).toBe(serials[1]);
      expect(answers(dnsq('a', 'b.example.test', ip(host)))).toEqual(['b.example.test 86400 A 10.0.2.3']);
    }
  });

  it('a secondary whose data was edited by hand gets the whole data with the next change (only the change goes to the others)', async () => {
    const edited = fleet.ssh('ns1', "cd /etc/tinydns/root && sed -i '1i +hand.example.test:10.9.9.8' data");
    expect(edited.status, edited.stderr).toBe(0);
    const added = await bin('-i', 'recordAdd', 'host', 'c.example.test', '10.0.2.4');
    expect(added.status, added.stdout + added.stderr).toBe(0);
    const serial = primarySerial();
    expect(added.stdout).toBe(`ns1: serial ${serial}, answering\nns2: serial ${serial}, answering\nadded and compiled: =c.example.test:10.0.2.4:86400\n`);
    for (const host of ['ns1', 'ns2']) {
      expect(fleet.ssh(host, 'cat /etc/tinydns/root/data').stdout).toBe(world.readData());
      expect(answers(dnsq('a', 'c.example.test', ip(host)))).toEqual(['c.example.test 86400 A 10.0.2.4']);
      expect(answers(dnsq('a', 'hand.example.test', ip(host)))).toEqual([]);
    }
  });

  it('recordImport of 150 records and recordRemove: the secondaries answer as the primary', async () => {
    const file = join(world.top, 'many.records');
    const lines = Array.from({ length: 150 }, (_, i) => `host h${i}.example.test 10.0.${3 + Math.floor(i / 200)}.${i % 200 + 1}`);
    lines.push("txt example.test 'v=spf1 ip4:10.0.2.0/24 -all'", 'mx example.test 10.0.2.25 10', 'srv _sip._udp.example.test sip.example.test 5060 10 20');
    writeFileSync(file, lines.join('\n') + '\n');
    const imported = await bin('-i', 'recordImport', file);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^ns1: serial [0-9]+, answering\nns2: serial [0-9]+, answering\nadded 153 record\(s\), and compiled\n$/);
    const removed = await bin('-i', 'recordRemove', 'host', 'a.example.test');
    expect(removed.status, removed.stderr).toBe(0);
    for (const host of ['ns1', 'ns2']) {
      expect(answers(dnsq('a', 'h149.example.test', ip(host)))).toEqual(['h149.example.test 86400 A 10.0.3.150']);
      expect(answers(dnsq('a', 'a.example.test', ip(host)))).toEqual([]);
      expect(answers(dnsq('txt', 'example.test', ip(host)))).toEqual(answers(spawnSync('tinydns-get', ['txt', 'example.test'], { cwd: join(world.dir, 'root'), encoding: 'latin1' }).stdout));
    }
    const status = await bin('-i', 'secondaryStatus');
    expect(status.status, status.stdout + status.stderr).toBe(0);
    const serial = primarySerial();
    expect(status.stdout).toMatch(new RegExp(`^primary: serial ${serial}\nns1: serial ${serial}, ([0-9]+) of \\1 answers match\nns2: serial ${serial}, ([0-9]+) of \\2 answers match\n$`));
  });

  it('a secondary down during two changes: exit 1, the change stands, it is 2 changes behind; secondaryPush catches it up', async () => {
    await fleet.stopHost('ns2');
    const added = await bin('-i', 'recordAdd', 'host', 'late.example.test', '10.0.2.9');
    expect(added.status).toBe(1);
    const lines = added.stdout.split('\n');
    expect(lines[0]).toMatch(SERIAL_LINE);
    expect(lines[1]).toMatch(/^ns2: unreachable \(ssh: connect to host [0-9.]+ port 22: Connection refused\): 1 change behind$/);
    expect(added.stderr).toContain('iim-tinydns: recordAdd: 1 of 2 secondaries behind (ns2): the change is compiled here; -i secondaryPush catches them up');
    expect(world.readData()).toContain('=late.example.test:10.0.2.9:86400');
    const again = await bin('-i', 'recordAdd', 'host', 'later.example.test', '10.0.2.10');
    expect(again.status).toBe(1);
    expect(again.stdout).toMatch(/ns2: unreachable \(.+\): 2 changes behind\n$/);
    expect((await bin('-i', 'secondaryList')).stdout).toBe(`ns1 ${ip('ns1')}\nns2 (its env/IP): 2 changes behind\n`);
    expect(answers(dnsq('a', 'later.example.test', ip('ns1')))).toEqual(['later.example.test 86400 A 10.0.2.10']);

    const status = await bin('-i', 'secondaryStatus');
    expect(status.status).toBe(1);
    expect(status.stdout).toMatch(/\nns2: unreachable \(.+\); 2 changes behind by the last push\n$/);

    await fleet.startHost('ns2'); // back, with the data it had; its svscan and tinydns start again
    startTinydns('ns2');
    const pushed = await bin('-i', 'secondaryPush');
    expect(pushed.status, pushed.stdout + pushed.stderr).toBe(0);
    const serial = primarySerial();
    expect(pushed.stdout).toBe(`ns1: serial ${serial}, answering\nns2: serial ${serial}, answering\n`);
    expect(answers(dnsq('a', 'later.example.test', ip('ns2')))).toEqual(['later.example.test 86400 A 10.0.2.10']);
    expect((await bin('-i', 'secondaryList')).stdout).toBe(`ns1 ${ip('ns1')}\nns2 (its env/IP)\n`);
    expect((await bin('-i', 'secondaryStatus')).status).toBe(0);
  }, 60_000);

  it('secondaryStatus names a secondary whose answers differ (a compile there by hand), and secondaryPush mends it', async () => {
    const edited = fleet.ssh('ns1', "cd /etc/tinydns/root && echo '+www.example.test:10.9.9.9' >> data && touch -d @1000000000 data && tinydns-data");
    expect(edited.status, edited.stderr).toBe(0);
    const status = await bin('-i', 'secondaryStatus');
    expect(status.status).toBe(1);
    const serial = primarySerial();
    expect(status.stdout).toMatch(new RegExp(`\nns1: serial 1000000000 \\(primary ${serial}\\), [0-9]+ of [0-9]+ answers match \\(differ: soa example.test[^)]*\\)\nns2: serial ${serial}, `));
    expect(status.stderr).toContain('1 of 2 secondaries do not answer as the primary: -i secondaryPush');
    expect((await bin('-i', 'secondaryPush')).status).toBe(0);
    expect((await bin('-i', 'secondaryStatus')).status).toBe(0);
  });

  it('a change tinydns-data refuses on the primary is installed on no secondary (compiled there meanwhile, then aborted)', async () => {
    // the primary's tinydns-data (only its) refuses data naming refused.example.test
    const fake = join(world.top, 'fake-bin');
    mkdirSync(fake, { recursive: true });
    writeFileSync(join(fake, 'tinydns-data'), '#!/bin/sh\nif grep -q refused.example.test data; then echo "tinydns-data: fatal: refused here" >&2; exit 111; fi\nexec /usr/bin/tinydns-data\n', { mode: 0o755 });
    const before = fleet.ssh('ns1', 'cat /etc/tinydns/root/data; stat -c %Y /etc/tinydns/root/data.cdb').stdout;
    const refused = await runBin('iim-tinydns', ['-p', `dir=${world.dir}`, '-p', `sshConfig=${fleet.sshConfig}`, '-i', 'recordAdd', 'alias', 'refused.example.test', '10.0.2.7'],
      { env: { PATH: `${fake}:${process.env.PATH}` } });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('tinydns-data refused the changed data');
    expect(refused.stdout).toBe('');
    expect(fleet.ssh('ns1', 'cat /etc/tinydns/root/data; stat -c %Y /etc/tinydns/root/data.cdb').stdout).toBe(before);
    for (const host of ['ns1', 'ns2']) {
      expect(fleet.ssh(host, 'ls -a /etc/tinydns/root').stdout).not.toContain('.push');
      expect(answers(dnsq('a', 'refused.example.test', ip(host)))).toEqual([]);
    }
  });

  it('secondaryRemove: no more pushes to it', async () => {
    expect((await bin('-i', 'secondaryRemove', 'ns2')).status).toBe(0);
    const added = await bin('-i', 'recordAdd', 'host', 'solo.example.test', '10.0.2.11');
    expect(added.stdout).toMatch(/^ns1: serial [0-9]+, answering\nadded and compiled: =solo\.example\.test:10\.0\.2\.11:86400\n$/);
    expect((await bin('-i', 'secondaryRemove', 'ns2')).stderr).toContain('ns2 is not a secondary (secondaries: ns1)');
  });
  it('secondaryAdd @GROUP: each host of the inventory group, reached by its ansible_host, IPs paired in order or its env/IP', async () => {
    expect((await bin('-i', 'secondaryRemove', 'ns1')).status).toBe(0);
    const inventory = join(world.top, 'inventory');
    writeFileSync(inventory, `[dns]\nalpha ansible_host=${ip('ns1')}\nbeta ansible_host=${ip('ns2')} ansible_user=root ansible_port=22\n[odd]\nns1:2222\n`);
    const group = (...args: string[]) => bin('-p', `inventory=${inventory}`, ...args);
    const mismatch = await group('-i', 'secondaryAdd', '@dns', ip('ns1'));
    expect(mismatch.status).toBe(2);
    expect(mismatch.stderr).toContain('@dns has 2 host(s) (alpha, beta), got 1 IP(s): give one IP per host in this order, or none');
    const odd = await group('-i', 'secondaryAdd', '@odd');
    expect(odd.status).toBe(1);
    expect(odd.stderr).toContain('bad secondary "ns1:2222"');
    expect(odd.stderr).toContain(`(host ns1:2222 of @odd in ${inventory})`);
    expect((await group('-i', 'secondaryAdd', '@nosuch')).stderr).toContain(`no group "nosuch" in ${inventory}`);

    const added = await group('-i', 'secondaryAdd', '@dns');
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toBe('alpha is a secondary: every compile is pushed to it; -i secondaryPush pushes now\n'
      + 'beta is a secondary: every compile is pushed to it; -i secondaryPush pushes now\n');
    expect(readFileSync(join(world.dir, 'secondaries', 'beta'), 'utf8')).toBe(`\nhostName=${ip('ns2')}\nuser=root\nport=22\n`);
    expect((await bin('-i', 'secondaryList')).stdout).toBe(`alpha (its env/IP) via ${ip('ns1')}\nbeta (its env/IP) via root@${ip('ns2')}:22\n`);
    // the push reaches them through the inventory's addresses (no Host alpha in the ssh config)
    const pushed = await bin('-i', 'recordAdd', 'host', 'grouped.example.test', '10.0.2.12');
    expect(pushed.status, pushed.stdout + pushed.stderr).toBe(0);
    const serial = primarySerial();
    expect(pushed.stdout).toBe(`alpha: serial ${serial}, answering\nbeta: serial ${serial}, answering\nadded and compiled: =grouped.example.test:10.0.2.12:86400\n`);
    for (const host of ['ns1', 'ns2']) expect(answers(dnsq('a', 'grouped.example.test', ip(host)))).toEqual(['grouped.example.test 86400 A 10.0.2.12']);

    const paired = await group('-i', 'secondaryAdd', '@dns', ip('ns1'), ip('ns2'));
    expect(paired.status, paired.stderr).toBe(0);
    expect((await bin('-i', 'secondaryList')).stdout).toBe(`alpha ${ip('ns1')} via ${ip('ns1')}\nbeta ${ip('ns2')} via root@${ip('ns2')}:22\n`);
    expect((await bin('-i', 'secondaryStatus')).status).toBe(0);
    const removed = await group('-i', 'secondaryRemove', '@dns');
    expect(removed.stdout).toBe('alpha is no longer a secondary (its tinydns still serves the data it has)\nbeta is no longer a secondary (its tinydns still serves the data it has)\n');
    expect((await bin('-i', 'secondaryList')).stdout).toBe('');
    // a host named alone is reached as the inventory says too
    expect((await group('-i', 'secondaryAdd', 'beta', ip('ns2'))).status).toBe(0);
    expect((await group('-i', 'secondaryList')).stdout).toBe(`beta ${ip('ns2')} via root@${ip('ns2')}:22\n`);
    expect((await group('-i', 'secondaryPush')).stdout).toBe(`beta: serial ${primarySerial()}, answering\n`);
  });
});
