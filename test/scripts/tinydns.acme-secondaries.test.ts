// acmeChallengeSet/Clear with a tinydns secondary on an sshd test host: the challenge is pushed
// there by the same publication as recordAdd's, and the secondary is asked too before the command returns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { startTestHosts, type TestFleet } from '../support/test-hosts.js';
import { answers, dnsq, makeWorld, serve, tearDown, type TinydnsWorld } from '../support/tinydns-world.js';

const ready = isRoot() && available('sshd', 'ssh', 'unshare', 'svscan', 'tinydns', 'tinydns-conf', 'tinydns-data', 'tinydns-get', 'dnsq');
const V1 = 'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0';
const V2 = 'xjO2dZQYpsrUFn0oCr1-cw8bc4xW6kK79zkyNcYiSkM';

describe.skipIf(!ready)('iim-tinydns ACME challenges on a zone with a secondary', () => {
  let fleet: TestFleet;
  let world: TinydnsWorld;
  const bin = (...args: string[]) => world.bin('-p', `sshConfig=${fleet.sshConfig}`, ...args);
  const ns1 = () => fleet.host('ns1').address;
  const txt = (ip: string) => answers(dnsq('txt', '_acme-challenge.lab.test', ip)).map((a) => a.replace(/^\S+ \d+ 16 ./, '')).sort();

  beforeAll(async () => {
    fleet = await startTestHosts(1, 'acme-secondary');
    const setup = fleet.ssh('ns1', `iim-tinydns -i setup ${ns1()}`);
    expect(setup.status, setup.stderr).toBe(0);
    const started = fleet.ssh('ns1', 'iim-daemontools -i svscanStart');
    expect(started.status, started.stderr).toBe(0);
    world = await makeWorld('acme-primary');
    serve(world);
    expect((await bin('-i', 'recordAdd', 'ns', 'lab.test', world.ip)).status).toBe(0);
    const added = await bin('-i', 'secondaryAdd', 'ns1', ns1());
    expect(added.status, added.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    tearDown(world);
    await fleet?.stop();
  });

  it('acmeChallengeSet pushes to the secondary and returns once it answers too; Clear takes it away there', async () => {
    const set = await bin('-i', 'acmeChallengeSet', 'lab.test', V1, V2);
    expect(set.status, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/^ns1: serial [0-9]+, answering\n/);
    expect(set.stdout).toContain(`_acme-challenge.lab.test: ${V1}, ${V2}, answered by ${world.ip} (a.ns.lab.test), ${ns1()} (ns1) in `);
    expect(txt(ns1())).toEqual([V1, V2].sort());
    const cleared = await bin('-i', 'acmeChallengeClear', 'lab.test');
    expect(cleared.status, cleared.stderr).toBe(0);
    expect(cleared.stdout).toContain(`_acme-challenge.lab.test: no ${V1}, ${V2}, answered by ${world.ip} (a.ns.lab.test), ${ns1()} (ns1) in `);
    expect(txt(ns1())).toEqual([]);
  });

  it('a secondary whose tinydns is down: acmeChallengeSet exits 1 naming it', async () => {
    // svc -d returns before tinydns has ended (and supervise ignores it for ~1 s after a start):
    // asked again until svstat says down, within 15 s
    const deadline = Date.now() + 15_000;
    let status = '';
    for (let asked = 0; !/: down /.test(status) && Date.now() < deadline; asked++) {
      if (asked % 10 === 0) expect(fleet.ssh('ns1', 'svc -d /etc/service/tinydns').status).toBe(0);
      else await new Promise((resolve) => setTimeout(resolve, 100));
      status = fleet.ssh('ns1', 'svstat /etc/service/tinydns').stdout;
    }
    expect(status).toMatch(/: down /);
    try {
      const set = await bin('-i', 'acmeChallengeSet', 'lab.test', V1);
      expect(set.status).toBe(1);
      expect(set.stdout).toContain(`ns1: pushed, but its tinydns does not answer at ${ns1()}`);
      expect(set.stderr).toBe('iim-tinydns: acmeChallengeSet: 1 of 1 secondaries behind (ns1): the change is compiled here; -i secondaryPush catches them up\n');
    } finally {
      fleet.ssh('ns1', 'svc -u /etc/service/tinydns');
    }
  }, 60_000);
});
