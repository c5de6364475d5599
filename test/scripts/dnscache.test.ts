// iim-dnscache against a real dnscache and a real tinydns on two addresses of a private loopback
// net under a private svscan: clients, local resolutions bypass, restarts, queries and log stats.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { dnsip, makeWorld, serve, tearDown, type DnscacheWorld } from '../support/dnscache-world.js';

const ready =
  available('dnscache', 'dnscache-conf', 'tinydns', 'tinydns-conf', 'tinydns-data', 'dnsip', 'dnsqr', 'dnsname', 'svscan', 'supervise', 'svc', 'svok', 'multilog') &&
  isRoot();

const pidOf = async (world: DnscacheWorld): Promise<number> => {
  const status = await world.bin('-p', 'format=json', '-i', 'status');
  return JSON.parse(status.stdout).pid;
};

describe.skipIf(!ready)('iim-dnscache over a real dnscache and tinydns', () => {
  let world: DnscacheWorld | undefined;
  afterEach(() => {
    const leaving = world;
    world = undefined;
    tearDown(leaving);
  });

  it('after clientAllow 127 and forwardAdd test.zone on a running cache, dnsip through it returns the tinydns answer', async () => {
    world = await makeWorld('dnscache-bypass', { tinydns: true });
    const { bin, cacheIp, tinydnsIp, dir } = world;
    expect((await bin('-i', 'clientAllow', '127')).status).toBe(0);
    const roots = await bin('-i', 'forwardSet', '@', tinydnsIp);
    expect(roots.status, roots.stderr).toBe(0);
    expect(roots.stdout).toContain('is not running under supervise: the change takes effect when it starts');
    serve(world);

    // Not forwarded yet, the closed-lab root (our tinydns) answers: the cache runs and answers.
    expect(dnsip('www.test.zone', cacheIp).stdout.trim()).toBe('10.9.8.7');
    const before = await pidOf(world);
    expect(before).toBeGreaterThan(0);

    const forwarded = await bin('-i', 'forwardAdd', 'test.zone', tinydnsIp);
    expect(forwarded.status, forwarded.stderr).toBe(0);
    expect(forwarded.stdout).toMatch(new RegExp(`^test.zone -> ${tinydnsIp.replace(/\./g, '\\.')} `));
    expect(forwarded.stdout).toContain(`restarted dnscache (svc -t ${dir}; pid ${before} -> `);
    expect(forwarded.stdout).toContain('dnscache reads root/servers only at start');
    expect(readFileSync(join(dir, 'root', 'servers', 'test.zone'), 'utf8')).toBe(`${tinydnsIp}\n`);
    expect(await pidOf(world)).not.toBe(before);

    const answer = dnsip('www.test.zone', cacheIp);
    expect(answer.status, answer.stderr).toBe(0);
    expect(answer.stdout.trim()).toBe('10.9.8.7');
    const viaBin = await bin('-i', 'query', 'www.test.zone');
    expect(viaBin.status, viaBin.stderr).toBe(0);
    expect(viaBin.stdout.trim()).toBe('10.9.8.7');
    const ns = await bin('-i', 'query', 'test.zone', 'ns');
    expect(ns.stdout).toContain('answer: test.zone');
    expect(ns.stdout).toContain('NS a.ns.test.zone');

    // Closed lab: a name nobody serves fails at once instead of after the Internet roots time out.
    const started = Date.now();
    const missing = spawnSync('dnsip', ['nowhere.invalid'], { encoding: 'latin1', timeout: 10_000, env: { ...process.env, DNSCACHEIP: cacheIp } });
    expect(missing.status).toBe(0);
    expect(missing.stdout.trim()).toBe('');
    expect(Date.now() - started).toBeLessThan(5000);

    const listed = await bin('-p', 'format=json', '-i', 'forwardList');
    expect(JSON.parse(listed.stdout)).toEqual([
      { domain: '@', servers: [tinydnsIp] },
      { domain: 'test.zone', servers: [tinydnsIp] },
    ]);
    const again = await bin('-i', 'forwardAdd', 'test.zone', tinydnsIp);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('already goes to');
    expect(await pidOf(world)).not.toBe(before);
  });

  it('status, cacheFlush, forwardRemove and envSet restart a running cache and say so', async () => {
    world = await makeWorld('dnscache-restarts', { tinydns: true });
    const { bin, cacheIp, tinydnsIp, dir } = world;
    expect((await bin('-i', 'forwardSet', '@', tinydnsIp)).status).toBe(0);
    expect((await bin('-i', 'forwardAdd', 'test.zone', tinydnsIp)).status).toBe(0);
    expect((await bin('-i', 'clientAllow', '127')).status).toBe(0);
    serve(world);
    expect(dnsip('www.test.zone', cacheIp).stdout.trim()).toBe('10.9.8.7');

    const status = await bin('-i', 'status');
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^${dir}: up \\(pid \\d+\\) \\d+ seconds; log: up \\(pid \\d+\\) \\d+ seconds\\n`));
    expect(status.stdout).toContain(`IP ${cacheIp}; clients: 127 127.0.0.1; forwards: @ test.zone\n`);

    let pid = await pidOf(world);
    const flushed = await bin('-i', 'cacheFlush');
    expect(flushed.status, flushed.stderr).toBe(0);
    expect(flushed.stdout).toContain(`restarted dnscache (svc -t ${dir}; pid ${pid} -> `);
    expect(flushed.stdout).toContain('it starts with an empty cache');
    expect(await pidOf(world)).not.toBe(pid);

    pid = await pidOf(world);
    const bigger = await bin('-i', 'envSet', 'DATALIMIT', '5000000');
    expect(bigger.status, bigger.stderr).toBe(0);
    expect(bigger.stdout).toContain('DATALIMIT=5000000\n');
    expect(bigger.stdout).toContain('dnscache reads env/ only at start');
    expect(await pidOf(world)).not.toBe(pid);
    expect(dnsip('www.test.zone', cacheIp).stdout.trim()).toBe('10.9.8.7');

    pid = await pidOf(world);
    const removed = await bin('-i', 'forwardRemove', 'test.zone');
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout).toContain(`restarted dnscache (svc -t ${dir}; pid ${pid} -> `);
    expect((await bin('-i', 'forwardList')).stdout).toBe(`@ ${tinydnsIp}\n`);

    pid = await pidOf(world);
    const only = await bin('-i', 'forwardOnly', 'yes');
    expect(only.status, only.stderr).toBe(0);
    expect(readFileSync(join(dir, 'env', 'FORWARDONLY'), 'utf8')).toBe('1\n');
    expect(only.stdout).toContain('restarted dnscache');
    const back = await bin('-i', 'forwardOnly', 'no');
    expect(back.status, back.stderr).toBe(0);
    expect(back.stdout).toContain('FORWARDONLY unset');
    expect((await bin('-i', 'envList')).stdout).not.toContain('FORWARDONLY');
  });

  it('logStats counts the queries the test made, per client with its IP decoded', async () => {
    world = await makeWorld('dnscache-logstats', { tinydns: true });
    const { bin, cacheIp, tinydnsIp } = world;
    expect((await bin('-i', 'forwardSet', '@', tinydnsIp)).status).toBe(0);
    expect((await bin('-i', 'forwardAdd', 'test.zone', tinydnsIp)).status).toBe(0);
    expect((await bin('-i', 'clientAllow', '127')).status).toBe(0);
    serve(world);
    expect(dnsip('www.test.zone', cacheIp).stdout.trim()).toBe('10.9.8.7');
    const asked = 6;
    for (let i = 0; i < asked; i++) {
      const result = spawnSync('dnsip', [`host${i}.test.zone`], { encoding: 'latin1', timeout: 10_000, env: { ...process.env, DNSCACHEIP: cacheIp } });
      expect(result.status).toBe(0);
    }
    const mx = await bin('-i', 'query', 'test.zone', 'mx');
    expect(mx).toMatchObject({ status: 1, stderr: 'iim-dnscache: query: no MX record for test.zone\n' }); // asked all the same

    let summary: { queries: number; perClient: Array<[string, number]>; types: Array<[string, number]>; topNames: Array<[string, number]>; errors: { nxdomain: number } } | undefined;
    for (let i = 0; i < 50; i++) {
      const stats = await bin('-p', 'format=json', '-i', 'logStats');
      expect(stats.status, stats.stderr).toBe(0);
      summary = JSON.parse(stats.stdout);
      if (summary!.queries >= asked + 2) break;
      spawnSync('sleep', ['0.1']);
    }
    expect(summary!.queries).toBeGreaterThanOrEqual(asked + 2);
    const loopback = summary!.perClient.filter(([client]) => client.startsWith('127.')).reduce((sum, [, n]) => sum + n, 0);
    expect(loopback).toBeGreaterThanOrEqual(asked + 2);
    expect(Object.fromEntries(summary!.types).mx).toBe(1);
    expect(summary!.topNames.map(([name]) => name)).toContain('host0.test.zone.');
    expect(summary!.errors.nxdomain).toBeGreaterThanOrEqual(asked);

    const text = await bin('-i', 'logStats');
    expect(text.stdout).toMatch(/^lines: \d+ {2}queries: \d+\n/);
    expect(text.stdout).toMatch(/clients:\n\s+\d+ {2}127\.\d+\.\d+\.\d+\n/);
    const tail = await bin('-p', 'format=json', '-i', 'logStats', '1');
    expect(JSON.parse(tail.stdout).lines).toBe(1);
  });
});
