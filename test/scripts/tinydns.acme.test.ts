// acmeChallengeSet/Clear against a real tinydns on its own loopback address: the _acme-challenge
// TXT records in root/data, what tinydns answers over UDP, and the wait on every name server.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../support/processes.js';
import { available, isRoot } from '../support/programs.js';
import { answers, dnsq, serve, worldsOfTest, type TinydnsWorld } from '../support/tinydns-world.js';

const ready = isRoot() && available('tinydns', 'tinydns-conf', 'tinydns-data', 'tinydns-get', 'dnsq', 'svscan');
const V1 = 'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0';
const V2 = 'xjO2dZQYpsrUFn0oCr1-cw8bc4xW6kK79zkyNcYiSkM';
const V3 = 'Z3kq_9aP0bYwTQ2nP8v4S6cmLh1JrYdXe5uWfG7oI-A';

describe.skipIf(!ready)('iim-tinydns ACME DNS-01 challenges', () => {
  const { world: makeWorld, ok, tearDownAll } = worldsOfTest();
  afterEach(tearDownAll);
  const labWorld = async (label: string) => {
    const w = await makeWorld(label);
    serve(w);
    await ok(w, '-i', 'recordAdd', 'ns', 'lab.test', w.ip);
    return w;
  };
  const txt = (w: TinydnsWorld, name: string) => answers(dnsq('txt', name, w.ip)).sort();
  const challengeLines = (w: TinydnsWorld) => w.readData().split('\n').filter((line) => line.includes('_acme-challenge')).sort();

  it('acmeChallengeSet adds the TXT values with TTL 60 and returns once the name server answers them; a second Set adds beside', async () => {
    const w = await labWorld('acme-set');
    const set = await ok(w, '-i', 'acmeChallengeSet', 'lab.test', V1, V2);
    expect(set.stdout).toMatch(new RegExp(
      `^added and compiled: '_acme-challenge.lab.test:${V1}:60\nadded and compiled: '_acme-challenge.lab.test:${V2}:60\n` +
      `_acme-challenge.lab.test: ${V1}, ${V2}, answered by ${w.ip.replace(/\./g, '\\.')} \\(a.ns.lab.test\\) in [0-9.]+ s\n$`));
    // At once, with no retry: the command returned only once tinydns answered.
    const now = answers(spawnSync('dnsq', ['txt', '_acme-challenge.lab.test', w.ip], { encoding: 'latin1' }).stdout);
    expect(now.sort()).toEqual([`_acme-challenge.lab.test 60 16 +${V1}`, `_acme-challenge.lab.test 60 16 +${V2}`].sort());
    // The wildcard's challenge is its base name's: a third value beside the two.
    await ok(w, '-i', 'acmeChallengeSet', '*.lab.test', V3);
    expect(txt(w, '_acme-challenge.lab.test')).toHaveLength(3);
    // lego's FQDN form, and a value there already: nothing changes.
    const again = await ok(w, '-i', 'acmeChallengeSet', '_acme-challenge.lab.test.', V1);
    expect(again.stderr).toContain('1 value(s) of _acme-challenge.lab.test there already');
    expect(challengeLines(w)).toEqual([`'_acme-challenge.lab.test:${V1}:60`, `'_acme-challenge.lab.test:${V2}:60`, `'_acme-challenge.lab.test:${V3}:60`].sort());
  });

  it('acmeChallengeSet waits for a name server that is not up yet, and returns once it answers', async () => {
    const w = await makeWorld('acme-late');
    await ok(w, '-i', 'recordAdd', 'ns', 'lab.test', w.ip);
    const set = w.bin('-p', 'acmeWait=60', '-i', 'acmeChallengeSet', 'lab.test', V1);
    let returned = false;
    void set.then(() => (returned = true));
    await waitUntil('the challenge is compiled', () => w.readData().includes(V1), 30_000);
    await new Promise((done) => setTimeout(done, 1500)); // asked while nothing answers: it must not have returned
    expect(returned).toBe(false);
    serve(w);
    const result = await set;
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`_acme-challenge.lab.test: ${V1}, answered by ${w.ip.replace(/\./g, '\\.')} \\(a.ns.lab.test\\) in [1-9][0-9.]* s\n$`));
  });

  it('acmeChallengeSet takes its TTL from -p acmeTtl', async () => {
    const w = await labWorld('acme-ttl');
    await ok(w, '-p', 'acmeTtl=5', '-i', 'acmeChallengeSet', 'www.lab.test', V1);
    expect(txt(w, '_acme-challenge.www.lab.test')).toEqual([`_acme-challenge.www.lab.test 5 16 +${V1}`]);
  });

  it('acmeChallengeClear removes the value given, then all; clearing what is not there is not an error', async () => {
    const w = await labWorld('acme-clear');
    await ok(w, '-i', 'acmeChallengeSet', 'lab.test', V1, V2);
    const one = await ok(w, '-i', 'acmeChallengeClear', 'lab.test', V1);
    expect(one.stdout).toContain(`removed and compiled: '_acme-challenge.lab.test:${V1}:60\n_acme-challenge.lab.test: no ${V1}, answered by ${w.ip}`);
    expect(txt(w, '_acme-challenge.lab.test')).toEqual([`_acme-challenge.lab.test 60 16 +${V2}`]);
    const again = await ok(w, '-i', 'acmeChallengeClear', 'lab.test', V1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe(`no TXT _acme-challenge.lab.test with ${V1}: nothing to clear\n`);
    await ok(w, '-i', 'acmeChallengeSet', 'lab.test', V3);
    await ok(w, '-i', 'acmeChallengeClear', '*.lab.test');
    expect(txt(w, '_acme-challenge.lab.test')).toEqual([]);
    expect(challengeLines(w)).toEqual([]);
  });

  it('acmeChallengeSet fails naming the name server that does not answer, after -p acmeWait seconds', async () => {
    const w = await labWorld('acme-silent');
    const silent = w.ip.replace(/\.1$/, '.9'); // nothing listens there
    await ok(w, '-i', 'recordAdd', 'ns', 'lab.test', silent);
    const started = Date.now();
    const set = await w.bin('-p', 'acmeWait=2', '-i', 'acmeChallengeSet', 'lab.test', V1);
    expect(set.status).toBe(1);
    expect(set.stderr).toBe(`iim-tinydns: acmeChallengeSet: 1 of 2 servers of lab.test not answering ${V1} after 2 s: ${silent} (b.ns.lab.test): no answer within 1 s; the data is compiled here\n`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    // The server that runs answers it: the change stands there.
    expect(txt(w, '_acme-challenge.lab.test')).toEqual([`_acme-challenge.lab.test 60 16 +${V1}`]);
  });

  it('acmeChallengeSet warns of a name server with no address in the data, and asks the others', async () => {
    const w = await labWorld('acme-unaddressed');
    writeFileSync(w.data, w.readData() + '.lab.test::ns.elsewhere.example:259200\n');
    await ok(w, '-i', 'dataCompile');
    const set = await ok(w, '-i', 'acmeChallengeSet', 'lab.test', V1);
    expect(set.stderr).toContain('warning: ns.elsewhere.example: a server of lab.test with no address here: not asked\n');
    expect(set.stdout).toContain(`_acme-challenge.lab.test: ${V1}, answered by ${w.ip} (a.ns.lab.test) in `);
  });

  it('acmeChallengeSet fails when no name server of the zone has an address here, saying how to give one', async () => {
    const w = await makeWorld('acme-no-server');
    writeFileSync(w.data, '.lab.test::ns.elsewhere.example:259200\n');
    await ok(w, '-i', 'dataCompile');
    const set = await w.bin('-i', 'acmeChallengeSet', 'lab.test', V1);
    expect(set.status).toBe(1);
    expect(set.stderr).toContain('warning: ns.elsewhere.example: a server of lab.test with no address here: not asked\n');
    expect(set.stderr).toMatch(/iim-tinydns: acmeChallengeSet: no server of lab\.test to ask for _acme-challenge\.lab\.test: none of its ns records has an address here \(iim-tinydns -p dir=\S+ -p serviceDir=\S+ -i recordAdd ns lab\.test IP\); the data is compiled here\n$/);
    expect(challengeLines(w)).toEqual([`'_acme-challenge.lab.test:${V1}:60`]);
  });

  it('acmeChallengeSet refuses a value that is not base64url, and a name no zone here covers, changing nothing', async () => {
    const w = await labWorld('acme-refused');
    const before = w.readData();
    const bad = await w.bin('-i', 'acmeChallengeSet', 'lab.test', 'a:b');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('iim-tinydns: acmeChallengeSet: bad challenge value "a:b": expected base64url (letters, digits, "-", "_"; 43 of them from an ACME client)\n');
    const outside = await w.bin('-i', 'acmeChallengeSet', 'other.test', V1);
    expect(outside.status).toBe(1);
    expect(outside.stderr).toMatch(/^iim-tinydns: acmeChallengeSet: no ns record here covers _acme-challenge\.other\.test: tinydns would not answer it \(iim-tinydns -p dir=\S+ -p serviceDir=\S+ -i recordAdd ns ZONE IP\); nothing changed\n$/);
    expect(w.readData()).toBe(before);
  });

  it('acmeChallengeSet refuses a challenge name that is a CNAME (a delegated challenge lives elsewhere), changing nothing', async () => {
    const w = await labWorld('acme-cname');
    await ok(w, '-i', 'recordAdd', 'cname', '_acme-challenge.www.lab.test', 'www.acme.example');
    const before = w.readData();
    const set = await w.bin('-i', 'acmeChallengeSet', 'www.lab.test', V1);
    expect(set.status).toBe(1);
    expect(set.stderr).toMatch(/^iim-tinydns: acmeChallengeSet: _acme-challenge\.www\.lab\.test has a CNAME \(line 2: .*\): a name with a CNAME can have no other data \(RFC 1034 §3\.6\.2\)\n$/);
    expect(w.readData()).toBe(before);
  });

  it('-n showOnly shows the edit, the compile and the wait, and changes nothing', async () => {
    const w = await labWorld('acme-show');
    const before = w.readData();
    const shown = await ok(w, '-n', 'showOnly', '-i', 'acmeChallengeSet', 'lab.test', V1);
    expect(shown.stderr).toContain('tinydns-data');
    expect(shown.stderr).toContain(`# wait up to 120 s until every authoritative server of _acme-challenge.lab.test's zone answers TXT _acme-challenge.lab.test: ${V1}`);
    expect(shown.stdout).toBe(`added and compiled: '_acme-challenge.lab.test:${V1}:60 (shown, not done)\n`);
    expect(w.readData()).toBe(before);
  });
});
