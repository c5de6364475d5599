// Every tinydns line kind written by recordAdd and read back by recordList and recordImport,
// checked against the real tinydns-data, tinydns-get and tinydns: Z (soa), % locations and
// per-record locations (split horizon), time-to-die and time-to-live-from stamps, CAA, generic types.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { serve, worldsOfTest, type TinydnsWorld } from '../support/tinydns-world.js';
import { askA } from '../support/udp-dns.js';

const ready = available('tinydns-conf', 'tinydns-data', 'tinydns-get', 'tinydns', 'svscan', 'named-checkzone') && isRoot();

/** tinydns-get TYPE NAME [CLIENT-IP] in the world's root: its answer lines. */
function get(w: TinydnsWorld, type: string, name: string, client?: string): string[] {
  const result = spawnSync('tinydns-get', [type, name, ...(client ? [client] : [])], { cwd: join(w.dir, 'root'), encoding: 'latin1' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split('\n').filter((line) => line.startsWith('answer: ')).map((line) => line.slice(8));
}

describe.skipIf(!ready)('iim-tinydns line kinds', () => {
  const { world, ok, tearDownAll } = worldsOfTest();
  afterEach(tearDownAll);

  it('soa, caa and generic records are what tinydns-data compiles and tinydns-get answers, and recordList shows them as added', async () => {
    const w = await world('tinydns-kinds');
    const added = [
      ['soa', 'corp.test', 'ns1.corp.test', 'hostmaster@corp.test', '2026120101', '3600', '600', '86400', '300', 'ttl=900'],
      ['childns', 'corp.test', w.ip, 'ns1.corp.test'],
      ['caa', 'corp.test', '128', 'issue', 'letsencrypt.org'],
      ['caa', 'corp.test', '0', 'iodef', 'mailto:security@corp.test', '300'],
      ['generic', 'corp.test', '99', '\\# 3 026869'],
      ['generic', 'www.corp.test', 'TYPE65280', '\\# 4 0a 00 00 01', '60'],
    ];
    for (const args of added) await ok(w, '-i', 'recordAdd', ...args);
    expect(w.readData()).toBe([
      'Zcorp.test:ns1.corp.test:hostmaster.corp.test:2026120101:3600:600:86400:300:900',
      `&corp.test:${w.ip}:ns1.corp.test:259200`,
      ':corp.test:257:\\200\\005\\151\\163\\163\\165\\145\\154\\145\\164\\163\\145\\156\\143\\162\\171\\160\\164\\056\\157\\162\\147:86400',
      `:corp.test:257:\\000\\005\\151\\157\\144\\145\\146${[...Buffer.from('mailto:security@corp.test')].map((b) => '\\' + b.toString(8).padStart(3, '0')).join('')}:300`,
      ':corp.test:99:\\002\\150\\151:86400',
      ':www.corp.test:65280:\\012\\000\\000\\001:60',
      '',
    ].join('\n'));
    expect(get(w, 'soa', 'corp.test')).toEqual(['corp.test 900 SOA ns1.corp.test hostmaster.corp.test 2026120101 3600 600 86400 300']);
    expect(get(w, '257', 'corp.test')).toEqual([
      'corp.test 86400 257 \\200\\005issueletsencrypt.org',
      'corp.test 300 257 \\000\\005iodefmailto:security@corp.test',
    ]);
    expect(get(w, '99', 'corp.test')).toEqual(['corp.test 86400 99 \\002hi']);
    expect(get(w, '65280', 'www.corp.test')).toEqual(['www.corp.test 60 65280 \\012\\000\\000\\001']);
    expect((await ok(w, '-i', 'recordList', 'corp.test')).stdout).toBe([
      'soa corp.test ns1.corp.test hostmaster.corp.test 2026120101 3600 600 86400 300 ttl=900',
      `childns corp.test ${w.ip} ns1.corp.test`,
      'caa corp.test 128 issue letsencrypt.org 86400',
      'caa corp.test 0 iodef mailto:security@corp.test 300',
      "generic corp.test 99 '\\# 3 026869' 86400",
      "generic www.corp.test 65280 '\\# 4 0A000001' 60",
      '',
    ].join('\n'));
    const json = JSON.parse((await ok(w, '-p', 'format=json', '-i', 'recordList', 'corp.test')).stdout);
    expect(json[2]).toMatchObject({ kind: 'caa', name: 'corp.test', flags: 128, tag: 'issue', value: 'letsencrypt.org' });
    expect(json[0]).toMatchObject({ kind: 'soa', value: 'ns1.corp.test', contact: 'hostmaster.corp.test', serial: 2026120101, ttl: 900 });

    const removed = await ok(w, '-i', 'recordRemove', 'caa', 'corp.test', 'iodef');
    expect(removed.stdout).toMatch(/^removed: :corp\.test:257:\\000\\005\\151\\157\\144\\145\\146.*:300\n$/);
    expect(get(w, '257', 'corp.test')).toEqual(['corp.test 86400 257 \\200\\005issueletsencrypt.org']);
  });

  it('a soa with no serial gets the mtime of data, and tinydns-data\'s timers; one after an ns line of its zone is warned about', async () => {
    const w = await world('tinydns-soa');
    await ok(w, '-i', 'recordAdd', 'soa', 'corp.test', 'ns1.corp.test', 'hostmaster.corp.test');
    await ok(w, '-i', 'recordAdd', 'childns', 'corp.test', w.ip, 'ns1.corp.test');
    const [soa] = get(w, 'soa', 'corp.test');
    expect(soa).toMatch(/^corp\.test 2560 SOA ns1\.corp\.test hostmaster\.corp\.test [0-9]+ 16384 2048 1048576 2560$/);
    expect((await ok(w, '-i', 'recordList')).stdout).toContain('soa corp.test ns1.corp.test hostmaster.corp.test\n');

    await ok(w, '-i', 'recordAdd', 'ns', 'lab.test', w.ip);
    const shadowed = await ok(w, '-i', 'recordAdd', 'soa', 'lab.test', 'ns1.lab.test', 'hostmaster@lab.test', '7');
    expect(shadowed.stderr).toContain(`tinydns serves the SOA of the first line of lab.test (.lab.test:${w.ip}:a:259200), not this one: for a Z line, give the zone's name servers as childns lines instead of ns`);
    expect(get(w, 'soa', 'lab.test')[0]).toMatch(/^lab\.test 2560 SOA a\.ns\.lab\.test hostmaster\.lab\.test /);
  });

  it('split horizon: a client in location "in" gets one address and every other client another, from tinydns-get and from a running tinydns over UDP', async () => {
    const w = await world('tinydns-split');
    const net = w.ip.replace(/\.1$/, '');
    await ok(w, '-i', 'recordAdd', 'ns', 'example.test', w.ip);
    const early = await ok(w, '-i', 'recordAdd', 'alias', 'early.example.test', '10.0.2.79', 'location=in');
    expect(early.stderr).toContain(`no location in here (a "%in:PREFIX" line): this record is served to no client until one is added (iim-tinydns -p dir=${w.dir} -p serviceDir=${w.serviceDir} -i recordAdd location in IPPREFIX)`);
    expect(get(w, 'a', 'early.example.test', `${net}.10`)).toEqual([]);
    await ok(w, '-i', 'recordAdd', 'location', 'in', `${net}.10`);
    expect(get(w, 'a', 'early.example.test', `${net}.10`)).toEqual(['early.example.test 86400 A 10.0.2.79']);
    await ok(w, '-i', 'recordAdd', 'location', 'ex', '-');
    const later = await ok(w, '-i', 'recordAdd', '-p', 'location=in', 'alias', 'portal.example.test', '10.0.2.80');
    expect(later.stderr).not.toContain('no location');
    await ok(w, '-i', 'recordAdd', 'alias', 'portal.example.test', '192.0.2.80', '300', 'location=ex');
    await ok(w, '-i', 'recordAdd', 'alias', 'www.example.test', '192.0.2.1');
    expect(w.readData()).toContain(`%in:${net}.10\n%ex:\n+portal.example.test:10.0.2.80:86400::in\n+portal.example.test:192.0.2.80:300::ex\n`);
    expect(get(w, 'a', 'portal.example.test', `${net}.10`)).toEqual(['portal.example.test 86400 A 10.0.2.80']);
    expect(get(w, 'a', 'portal.example.test', `${net}.20`)).toEqual(['portal.example.test 300 A 192.0.2.80']);
    expect(get(w, 'a', 'www.example.test', `${net}.10`)).toEqual(['www.example.test 86400 A 192.0.2.1']);
    // recordList of a zone lists the location lines too: without them, its records are served to no one.
    expect((await ok(w, '-i', 'recordList', 'example.test')).stdout).toBe([
      `ns example.test ${w.ip} a`,
      'alias early.example.test 10.0.2.79 86400 location=in',
      `location in ${net}.10`,
      'location ex -',
      'alias portal.example.test 10.0.2.80 86400 location=in',
      'alias portal.example.test 192.0.2.80 300 location=ex',
      'alias www.example.test 192.0.2.1 86400',
      '',
    ].join('\n'));

    serve(w);
    expect(await askA(w.ip, 'portal.example.test', `${net}.10`)).toEqual(['86400 10.0.2.80']);
    expect(await askA(w.ip, 'portal.example.test', `${net}.20`)).toEqual(['300 192.0.2.80']);

    const removed = await ok(w, '-i', 'recordRemove', 'location', 'ex');
    expect(removed.stdout).toBe('removed: %ex:\n');
    expect(get(w, 'a', 'portal.example.test', `${net}.20`)).toEqual([]);
    expect(await askA(w.ip, 'portal.example.test', `${net}.10`)).toEqual(['86400 10.0.2.80']);
  });

  it('ttd=DATE ends a record at that date and start=DATE begins one, as tinydns serves them; recordList shows the dates', async () => {
    const w = await world('tinydns-stamps');
    await ok(w, '-i', 'recordAdd', 'ns', 'example.test', w.ip);
    const add = async (...args: string[]) => (await ok(w, '-i', 'recordAdd', ...args)).stdout;
    expect(await add('-p', 'ttd=2099-12-31', 'alias', 'promo.example.test', '10.0.2.90')).toBe('added and compiled: +promo.example.test:10.0.2.90:0:40000000f485058a\n');
    expect(await add('alias', 'promo.example.test', '10.0.2.91', 'start=2099-12-31')).toBe('added and compiled: +promo.example.test:10.0.2.91:86400:40000000f485058a\n');
    await add('alias', 'old.example.test', '10.0.2.92', 'ttd=2001-09-09T01:46:40Z');
    await add('-p', 'start=2001-09-09T03:46:40+02:00', 'mx', 'example.test', '10.0.2.25', '10');
    // A time to die: TTL at most an hour as the end nears (tdlookup.c); before a start: not served.
    expect(get(w, 'a', 'promo.example.test')).toEqual(['promo.example.test 3600 A 10.0.2.90']);
    expect(get(w, 'a', 'old.example.test')).toEqual([]);
    expect(get(w, 'mx', 'example.test')).toEqual(['example.test 86400 MX 10 a.mx.example.test']);
    expect((await ok(w, '-i', 'recordList')).stdout).toBe([
      `ns example.test ${w.ip} a`,
      'alias promo.example.test 10.0.2.90 ttd=2099-12-31T00:00:00Z',
      'alias promo.example.test 10.0.2.91 86400 start=2099-12-31T00:00:00Z',
      'alias old.example.test 10.0.2.92 ttd=2001-09-09T01:46:40Z',
      'mx example.test 10.0.2.25 10 a start=2001-09-09T01:46:40Z',
      '',
    ].join('\n'));
  });

  it('refuses a stamp that tinydns would read the other way, and bad new kinds, before root/data is touched', async () => {
    const w = await world('tinydns-kind-refusals');
    const before = w.readData();
    for (const [args, message] of [
      [['alias', 'a.example.test', '10.0.0.1', '300', 'ttd=2099-01-01'], 'alias: ttd= with a TTL of 300: tinydns reads a stamp with a TTL other than 0 as a start (start=DATE)'],
      [['alias', 'a.example.test', '10.0.0.1', '0', 'start=2099-01-01'], 'alias: start= with a TTL of 0: tinydns reads a stamp with a TTL of 0 as a time to die (ttd=DATE)'],
      [['alias', 'a.example.test', '10.0.0.1', 'ttd=2099-01-01', 'start=2098-01-01'], 'alias: one of timestamp=, ttd= and start= only (a line has one timestamp)'],
      [['alias', 'a.example.test', '10.0.0.1', 'ttd=next week'], 'bad ttd date "next week": expected a date YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM] (UTC unless given)'],
      [['location', 'inside', '10'], 'bad location "inside": expected 1 or 2 letters or digits'],
      [['location', 'in', '10.01'], 'bad IP prefix "10.01"'],
      [['caa', 'example.test', '0', 'is-sue', 'x'], 'bad CAA tag "is-sue"'],
      [['generic', 'example.test', '255', '\\# 0'], 'bad record type "255"'],
      [['soa', 'example.test', 'ns1.example.test', 'hostmaster@example.test', 'soon'], 'SOA serial'],
    ] as Array<[string[], string]>) {
      const result = await w.bin('-i', 'recordAdd', ...args);
      expect(result.status, args.join(' ')).not.toBe(0);
      expect(result.stderr).toContain(message);
    }
    const file = join(w.top, 'one.records');
    writeFileSync(file, 'alias a.example.test 10.0.0.1\n');
    const imported = await w.bin('-p', 'location=in', '-i', 'recordImport', file);
    expect(imported.status).toBe(2);
    expect(imported.stderr).toContain('-p location= is for recordAdd: in a file for recordImport, end each line that needs it with location=in');
    const twice = await w.bin('-i', 'recordAdd', '-p', 'location=in', 'alias', 'a.example.test', '10.0.0.1', 'location=ex');
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain('location given twice: -p location=in and the word location=');
    expect(w.readData()).toBe(before);
  });

  it("a data file with every line kind, locations and stamps survives recordImport(recordList): the same lines and the same answers for every name, type and client", async () => {
    const source = await world('tinydns-every-kind');
    const net = source.ip.replace(/\.1$/, '');
    const caa = ':example.test:257:\\000\\005\\151\\163\\163\\165\\145\\154\\145\\164\\163\\145\\156\\143\\162\\171\\160\\164\\056\\157\\162\\147:86400';
    const data = [
      `.example.test:${source.ip}:a:259200`,
      `.2.0.10.in-addr.arpa:${source.ip}:a:259200`,
      'Zcorp.test:ns1.corp.test:hostmaster.corp.test:2026120101:16384:2048:1048576:2560:2560',
      `&corp.test:${source.ip}:ns1.corp.test:259200`,
      `&sub.example.test:10.0.2.53:a:259200::in`,
      `%in:${net}.10`,
      `%ex:`,
      '=www.example.test:10.0.2.1:86400',
      '+www.example.test:10.0.2.2:300::in',
      '+promo.example.test:10.0.2.90:0:40000000f485058a',
      '+promo.example.test:10.0.2.91:86400:40000000f485058a',
      '+far.example.test:10.0.2.93:86400:7fffffffffffffff',
      '@example.test:10.0.2.25:a:10:86400',
      '@example.test:10.0.2.26:b:20:86400::ex',
      'Cftp.example.test:www.example.test:86400',
      "'note.example.test:it's\\072 here:86400:400000003b9aca0a:in",
      '^9.2.0.10.in-addr.arpa:printer.example.test:86400',
      ':v6.example.test:28:\\040\\001\\015\\270\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\001:86400',
      ':_sip._udp.example.test:33:\\000\\012\\000\\024\\023\\304\\003\\163\\151\\160\\007\\145\\170\\141\\155\\160\\154\\145\\004\\164\\145\\163\\164\\000:3600',
      caa,
      ':corp.test:257:\\200\\005\\151\\163\\163\\165\\145\\154\\145\\164\\163\\145\\156\\143\\162\\171\\160\\164\\056\\157\\162\\147:300:0000000000000000:ex',
      ':example.test:99:\\002\\150\\151:86400',
      ':long.example.test:16:\\003\\157\\156\\145\\003\\164\\167\\157:86400',
      '',
    ].join('\n');
    writeFileSync(source.data, data);
    await ok(source, '-i', 'dataCompile');
    const listed = (await ok(source, '-i', 'recordList')).stdout;
    expect(listed).toContain('soa corp.test ns1.corp.test hostmaster.corp.test 2026120101\n');
    expect(listed).toContain(`location in ${net}.10\nlocation ex -\n`);
    expect(listed).toContain('alias promo.example.test 10.0.2.90 ttd=2099-12-31T00:00:00Z\n');
    expect(listed).toContain('alias far.example.test 10.0.2.93 86400 timestamp=7fffffffffffffff\n');
    expect(listed).toContain("txt note.example.test 'it'\\''s: here' 86400 start=2001-09-09T01:46:40Z location=in\n");
    expect(listed).toContain('caa corp.test 128 issue letsencrypt.org 300 timestamp=0000000000000000 location=ex\n');
    expect(listed).toContain("generic long.example.test 16 '\\# 8 036F6E650374776F' 86400\n");
    const file = join(source.top, 'every-kind.records');
    writeFileSync(file, listed);

    const copy = await world('tinydns-every-kind-copy');
    await ok(copy, '-i', 'recordImport', file);
    expect(copy.readData()).toBe(data);
    expect((await ok(copy, '-i', 'recordList')).stdout).toBe(listed);
    const questions = [
      ['soa', 'corp.test'], ['ns', 'corp.test'], ['soa', 'example.test'], ['a', 'www.example.test'], ['a', 'promo.example.test'],
      ['a', 'far.example.test'], ['mx', 'example.test'], ['cname', 'ftp.example.test'], ['txt', 'note.example.test'],
      ['ptr', '1.2.0.10.in-addr.arpa'], ['ptr', '9.2.0.10.in-addr.arpa'], ['aaaa', 'v6.example.test'], ['33', '_sip._udp.example.test'],
      ['257', 'example.test'], ['257', 'corp.test'], ['99', 'example.test'], ['txt', 'long.example.test'], ['a', 'x.sub.example.test'],
    ];
    // The SOA of a "." line has data's mtime as its serial: the copy's is its own; a Z line's is kept.
    const mtimeSerial = (answers: string[]) => answers.map((a) => a.replace(/^((?!corp\.test)\S+ [0-9]+ SOA \S+ \S+) [0-9]+/, '$1 MTIME')).sort();
    let answered = 0;
    for (const [type, name] of questions) {
      for (const client of [`${net}.10`, `${net}.20`]) {
        const theirs = mtimeSerial(get(source, type, name, client));
        expect(mtimeSerial(get(copy, type, name, client)), `${type} ${name} from ${client}`).toEqual(theirs);
        answered += theirs.length;
      }
    }
    expect(answered).toBeGreaterThan(30);
    // tinydns gives an RRset its lowest TTL; the "in" client gets its own address beside everyone's.
    expect(get(copy, 'a', 'www.example.test', `${net}.10`).sort()).toEqual(['www.example.test 300 A 10.0.2.1', 'www.example.test 300 A 10.0.2.2']);
    expect(get(copy, 'a', 'www.example.test', `${net}.20`)).toEqual(['www.example.test 86400 A 10.0.2.1']);
    expect(get(copy, 'txt', 'note.example.test', `${net}.20`)).toEqual([]);
  });

  it('zoneExport of a zone with locations, stamps, CAA and generic types passes named-checkzone, saying in comments what BIND cannot', async () => {
    const w = await world('tinydns-kinds-export');
    const net = w.ip.replace(/\.1$/, '');
    for (const args of [
      ['ns', 'example.test', w.ip],
      ['location', 'in', `${net}.10`],
      ['alias', 'portal.example.test', '10.0.2.80', 'location=in'],
      ['alias', 'promo.example.test', '10.0.2.90', 'ttd=2099-12-31'],
      ['alias', 'promo.example.test', '10.0.2.91', 'start=2099-12-31'],
      ['alias', 'old.example.test', '10.0.2.92', 'ttd=2001-01-01'],
      ['caa', 'example.test', '0', 'issue', 'letsencrypt.org'],
      ['generic', 'example.test', '65280', '\\# 2 beef', '60'],
    ]) await ok(w, '-i', 'recordAdd', ...args);
    // Split horizon by hand: "in" gets a CNAME, everyone else an address.
    writeFileSync(w.data, `${w.readData()}Cintra.example.test:portal.example.test:86400::in\n+intra.example.test:192.0.2.7:86400\n`);
    await ok(w, '-i', 'dataCompile');
    expect(get(w, 'cname', 'intra.example.test', `${net}.10`)).toEqual(['intra.example.test 86400 CNAME portal.example.test']);
    const exported = await ok(w, '-i', 'zoneExport', 'example.test');
    const lines = exported.stdout.split('\n');
    expect(lines).toContain('example.test. 86400 IN CAA 0 issue "letsencrypt.org"');
    expect(lines).toContain('example.test. 60 IN TYPE65280 \\# 2 BEEF');
    expect(lines).toContain('portal.example.test. 86400 IN A 10.0.2.80 ; only for clients in location "in" (tinydns % lines): BIND needs a view per location');
    expect(lines).toContain('promo.example.test. 3600 IN A 10.0.2.90 ; ends at 2099-12-31T00:00:00Z (time to die; TTL as tinydns serves it now): BIND has no expiry, remove it then');
    expect(lines).toContain('; promo.example.test. 86400 IN A 10.0.2.91 ; served from 2099-12-31T00:00:00Z on (time to live from): BIND has no start time');
    expect(lines).toContain('; old.example.test. 0 IN A 10.0.2.92 ; its time to die 2001-01-01T00:00:00Z has passed (tinydns no longer serves it)');
    expect(exported.stderr).toContain('left out: promo.example.test. A 10.0.2.91: served from 2099-12-31T00:00:00Z on');
    expect(lines).toContain('intra.example.test. 86400 IN A 192.0.2.7');
    expect(lines[1]).toBe(`; tinydns locations of its records (% lines; the longest prefix wins): in: clients ${net}.10`);
    expect(lines).toContain('; intra.example.test. 86400 IN CNAME portal.example.test. ; only for clients in location "in" (tinydns % lines): BIND needs a view per location ; a CNAME and other data of one name, for different locations: one master file cannot hold both (a view per location in BIND)');
    const zoneFile = join(w.top, 'example.test.zone');
    writeFileSync(zoneFile, exported.stdout);
    const checked = spawnSync('named-checkzone', ['example.test', zoneFile], { encoding: 'utf8' });
    expect(checked.stdout + checked.stderr).toMatch(/OK\s*$/);
    expect(checked.status).toBe(0);
  });

  it('a CNAME for one location beside other data of its name for another is split horizon, not a clash; for the same clients it is refused', async () => {
    const w = await world('tinydns-split-cname');
    const net = w.ip.replace(/\.1$/, '');
    await ok(w, '-i', 'recordAdd', 'ns', 'example.test', w.ip);
    await ok(w, '-i', 'recordAdd', 'location', 'in', `${net}.10`);
    await ok(w, '-i', 'recordAdd', 'location', 'ex', '-');
    await ok(w, '-i', 'recordAdd', '-p', 'location=in', 'cname', 'intra.example.test', 'portal.example.test');
    await ok(w, '-i', 'recordAdd', '-p', 'location=ex', 'alias', 'intra.example.test', '192.0.2.7');
    expect(get(w, 'a', 'intra.example.test', `${net}.20`)).toEqual(['intra.example.test 86400 A 192.0.2.7']);
    expect(get(w, 'cname', 'intra.example.test', `${net}.10`)).toEqual(['intra.example.test 86400 CNAME portal.example.test']);
    const before = w.readData();
    for (const args of [['alias', 'intra.example.test', '192.0.2.8'], ['alias', 'intra.example.test', '192.0.2.8', 'location=in'], ['cname', 'intra.example.test', 'www.example.test', 'location=ex']]) {
      const refused = await w.bin('-i', 'recordAdd', ...args);
      expect(refused.status, args.join(' ')).toBe(1);
      expect(refused.stderr).toContain('a name with a CNAME can have no other data (RFC 1034 §3.6.2)');
    }
    const file = join(w.top, 'more.records');
    writeFileSync(file, 'cname docs.example.test www.example.test location=in\nalias docs.example.test 192.0.2.9 location=ex\nalias docs.example.test 192.0.2.10 location=in\n');
    const imported = await w.bin('-i', 'recordImport', file);
    expect(imported.status).toBe(1);
    expect(imported.stderr).toContain(`${file}:3: docs.example.test has a CNAME (import: Cdocs.example.test:www.example.test:86400::in)`);
    expect(w.readData()).toBe(before);
  });
});
