// recordImport of 1,000 records on a primary with two tinydns secondaries on real sshd test hosts:
// afterwards every record (and each host's PTR) is answered by both secondaries (dnsq over UDP)
// exactly as tinydns-get answers it from the primary's data.cdb: a differential check over all.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { startTestHosts, type TestFleet } from '../support/test-hosts.js';
import { makeWorld, tearDown, type TinydnsWorld } from '../support/tinydns-world.js';

const ready = isRoot() && available('sshd', 'ssh', 'unshare', 'svscan', 'tinydns', 'tinydns-conf', 'tinydns-data', 'tinydns-get', 'dnsq');
const run = promisify(execFile);

/** 1,000 records of every kind recordImport takes, with the query that must answer each (SRV and AAAA by number: tinydns-get and dnsq know no names for them). */
function thousandRecords(): { lines: string[]; queries: { type: string; name: string }[] } {
  const lines: string[] = [];
  const queries: { type: string; name: string }[] = [];
  const add = (line: string, type: string, name: string) => (lines.push(line), queries.push({ type, name }));
  for (let i = 0; i < 500; i++) {
    const ip = `10.1.${i >> 8}.${i & 255}`;
    add(`host h${i}.example.test ${ip}`, 'a', `h${i}.example.test`);
    queries.push({ type: 'ptr', name: `${i & 255}.${i >> 8}.1.10.in-addr.arpa` });
  }
  for (let i = 0; i < 200; i++) add(`alias a${i}.example.test 10.2.${i >> 8}.${i & 255} 300`, 'a', `a${i}.example.test`);
  for (let i = 0; i < 100; i++) add(`mx m${i}.example.test 10.3.0.${i} ${10 + i}`, 'mx', `m${i}.example.test`);
  for (let i = 0; i < 80; i++) add(`txt t${i}.example.test 'v=spf1 ip4:10.0.${i}.0/24 "quoted" -all: ${'x'.repeat(i * 4)}'`, 'txt', `t${i}.example.test`);
  for (let i = 0; i < 50; i++) add(`srv _s${i}._tcp.example.test h${i}.example.test ${5000 + i} ${i % 3} ${i}`, '33', `_s${i}._tcp.example.test`);
  for (let i = 0; i < 40; i++) add(`cname c${i}.example.test a${i}.example.test`, 'cname', `c${i}.example.test`);
  for (let i = 0; i < 30; i++) add(`aaaa v${i}.example.test 2001:db8::${(i + 1).toString(16)}`, '28', `v${i}.example.test`);
  return { lines, queries };
}

/** Everything after the id line of tinydns-get's or dnsq's output (both print packets alike). */
const packetText = (output: string) => output.split('\n').slice(1).join('\n');

/** Run each job with at most LIMIT at once, results in order. */
async function pooled<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  }));
  return results;
}

describe.skipIf(!ready)('iim-tinydns recordImport of 1,000 records with two ssh secondaries', () => {
  let fleet: TestFleet;
  let world: TinydnsWorld;
  const bin = (...args: string[]) => world.bin('-p', `sshConfig=${fleet.sshConfig}`, ...args);

  beforeAll(async () => {
    fleet = await startTestHosts(2, 'secondaries-1000');
    for (const host of fleet.hosts) {
      for (const command of [`iim-tinydns -i setup ${host.address}`, 'iim-daemontools -i svscanStart']) {
        const done = fleet.ssh(host.name, command);
        expect(done.status, `${host.name}: ${command}: ${done.stderr}`).toBe(0);
      }
    }
    world = await makeWorld('primary-1000');
  }, 120_000);
  afterAll(async () => {
    tearDown(world);
    await fleet?.stop();
  });

  it('every record is answered by both secondaries exactly as tinydns-get answers it on the primary', async () => {
    for (const host of fleet.hosts) expect((await bin('-i', 'secondaryAdd', host.name, host.address)).status).toBe(0);
    for (const zone of ['example.test', '1.10.in-addr.arpa']) {
      const ns = await bin('-i', 'recordAdd', 'ns', zone, world.ip);
      expect(ns.status, ns.stdout + ns.stderr).toBe(0);
    }
    const { lines, queries } = thousandRecords();
    expect(lines).toHaveLength(1000);
    const file = join(world.top, 'thousand.records');
    writeFileSync(file, lines.join('\n') + '\n');
    const imported = await bin('-i', 'recordImport', file);
    expect(imported.status, imported.stdout + imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^ns1: serial ([0-9]+), answering\nns2: serial \1, answering\nadded 1000 record\(s\), and compiled\n$/);

    const root = join(world.dir, 'root');
    const ask = (program: string, args: string[], cwd?: string) => async () =>
      packetText((await run(program, args, { cwd, encoding: 'latin1', timeout: 20_000 })).stdout);
    const all = [{ type: 'soa', name: 'example.test' }, ...queries];
    const expected = await pooled(all.map((q) => ask('tinydns-get', [q.type, q.name], root)), 8);
    expect(expected.filter((text) => !/^answer: /m.test(text))).toEqual([]); // every query has an answer on the primary
    for (const host of fleet.hosts) {
      const got = await pooled(all.map((q) => ask('dnsq', [q.type, q.name, host.address])), 8);
      const differ = all.filter((_, i) => got[i] !== expected[i]).map((q, i) => `${q.type} ${q.name}: ${got[i]} vs ${expected[i]}`);
      expect(differ, host.name).toEqual([]);
    }
  }, 240_000);
});
