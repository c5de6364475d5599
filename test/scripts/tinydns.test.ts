// iim-tinydns against a real tinydns on its own loopback address under a private svscan:
// records added by our bin are answered over UDP (dnsq from djbdns-utils).
import { existsSync, lstatSync, readlinkSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { answers, dnsq, makeWorld, serve, tearDown, type TinydnsWorld } from '../support/tinydns-world.js';

const ready = available('tinydns', 'tinydns-conf', 'tinydns-data', 'tinydns-get', 'dnsq', 'svscan', 'supervise', 'svc', 'svok') && isRoot();

describe.skipIf(!ready)('iim-tinydns serving records over UDP', () => {
  let world: TinydnsWorld | undefined;
  afterEach(() => {
    const leaving = world;
    world = undefined;
    tearDown(leaving);
  });

  it('setup makes a tinydns-conf service linked into serviceDir, with an empty compiled data', async () => {
    world = await makeWorld('tinydns-setup');
    const link = join(world.serviceDir, 'tinydns');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(world.dir);
    expect(readFileSync(join(world.dir, 'env', 'IP'), 'utf8')).toBe(`${world.ip}\n`);
    expect(readFileSync(world.data, 'utf8')).toBe('');
    expect(existsSync(join(world.dir, 'root', 'data.cdb'))).toBe(true);
    expect(readFileSync(join(world.dir, 'run'), 'utf8')).toContain('envuidgid tinydns');
  });

  it('setup refuses an existing service directory without -f, and replaces it with -f', async () => {
    world = await makeWorld('tinydns-setup-again');
    const again = await world.bin('-i', 'setup', world.ip);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(`iim-tinydns: setup: ${world.dir} exists: if you really want to replace it, specify -f\n`);
    const forced = await world.bin('-f', '-i', 'setup', '127.53.9.9');
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(join(world.dir, 'env', 'IP'), 'utf8')).toBe('127.53.9.9\n');
  });

  it('answers every kind added by recordAdd while it runs: A, PTR, NS, MX, CNAME, TXT, SRV, AAAA', async () => {
    world = await makeWorld('tinydns-served');
    serve(world);
    const add = async (...args: string[]) => {
      const result = await world!.bin('-i', 'recordAdd', ...args);
      expect(result.status, result.stderr).toBe(0);
    };
    await add('ns', 'example.test', world.ip);
    expect(answers(dnsq('ns', 'example.test', world.ip))).toEqual(['example.test 259200 NS a.ns.example.test']);

    await add('ns', '2.0.10.in-addr.arpa', world.ip);
    await add('host', 'www.example.test', '10.0.2.1');
    await add('alias', 'web.example.test', '10.0.2.2', '300');
    await add('mx', 'example.test', '10.0.2.25', '10');
    await add('cname', 'ftp.example.test', 'www.example.test');
    await add('txt', 'note.example.test', 'key: value\nsecond line');
    await add('srv', '_sip._udp.example.test', 'sip.example.test', '5060', '10', '20', '3600');
    await add('aaaa', 'v6.example.test', '2001:db8::1');
    await add('ptr', '10.0.2.9', 'printer.example.test');
    await add('childns', 'sub.example.test', '10.0.2.53');

    const ip = world.ip;
    expect(answers(dnsq('a', 'www.example.test', ip))).toEqual(['www.example.test 86400 A 10.0.2.1']);
    expect(answers(dnsq('a', 'web.example.test', ip))).toEqual(['web.example.test 300 A 10.0.2.2']);
    expect(answers(dnsq('ptr', '1.2.0.10.in-addr.arpa', ip))).toEqual(['1.2.0.10.in-addr.arpa 86400 PTR www.example.test']);
    expect(answers(dnsq('ptr', '9.2.0.10.in-addr.arpa', ip))).toEqual(['9.2.0.10.in-addr.arpa 86400 PTR printer.example.test']);
    expect(answers(dnsq('ptr', '2.2.0.10.in-addr.arpa', ip))).toEqual([]);
    expect(answers(dnsq('mx', 'example.test', ip))).toEqual(['example.test 86400 MX 10 a.mx.example.test']);
    expect(answers(dnsq('cname', 'ftp.example.test', ip))).toEqual(['ftp.example.test 86400 CNAME www.example.test']);
    // dnsq prints TXT rdata escaped: a length byte (\026 = 22), the text with space as \040 and newline as \012; the ":" arrived intact.
    expect(answers(dnsq('txt', 'note.example.test', ip))).toEqual(['note.example.test 86400 16 \\026key:\\040value\\012second\\040line']);
    expect(answers(dnsq('33', '_sip._udp.example.test', ip))).toEqual([
      '_sip._udp.example.test 3600 33 \\000\\012\\000\\024\\023\\304\\003sip\\007example\\004test\\000',
    ]);
    expect(answers(dnsq('aaaa', 'v6.example.test', ip))).toEqual([
      'v6.example.test 86400 28 \\040\\001\\015\\270\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\001',
    ]);
    const delegation = dnsq('a', 'x.sub.example.test', ip);
    expect(delegation).toContain('authority: sub.example.test 259200 NS a.ns.sub.example.test');

    const listed = await world.bin('-p', 'format=json', '-i', 'recordList', 'example.test');
    expect(JSON.parse(listed.stdout).map((r: { kind: string; name: string; value: string; ttl: number }) => [r.kind, r.name, r.value, r.ttl])).toEqual([
      ['ns', 'example.test', ip, 259200],
      ['host', 'www.example.test', '10.0.2.1', 86400],
      ['alias', 'web.example.test', '10.0.2.2', 300],
      ['mx', 'example.test', '10.0.2.25', 86400],
      ['cname', 'ftp.example.test', 'www.example.test', 86400],
      ['txt', 'note.example.test', 'key: value\nsecond line', 86400],
      ['srv', '_sip._udp.example.test', 'sip.example.test', 3600],
      ['aaaa', 'v6.example.test', '2001:db8::1', 86400],
      ['childns', 'sub.example.test', '10.0.2.53', 259200],
    ]);
    const zones = await world.bin('-i', 'zoneList');
    expect(zones.stdout).toBe('2.0.10.in-addr.arpa\nexample.test\n');
  }, 240_000);

  it('stops answering a record once recordRemove takes it out', async () => {
    world = await makeWorld('tinydns-remove');
    serve(world);
    for (const args of [['ns', 'example.test', world.ip], ['alias', 'web.example.test', '10.0.2.2'], ['alias', 'web.example.test', '10.0.2.3']]) {
      expect((await world.bin('-i', 'recordAdd', ...args)).status).toBe(0);
    }
    expect(answers(dnsq('a', 'web.example.test', world.ip)).sort()).toEqual(['web.example.test 86400 A 10.0.2.2', 'web.example.test 86400 A 10.0.2.3']);
    const removed = await world.bin('-i', 'recordRemove', 'alias', 'web.example.test', '10.0.2.2');
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout).toBe('removed: +web.example.test:10.0.2.2:86400\n');
    expect(answers(dnsq('a', 'web.example.test', world.ip))).toEqual(['web.example.test 86400 A 10.0.2.3']);
  }, 240_000);
});
