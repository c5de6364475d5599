// Zones in and out, checked by BIND's own tools: a canonical dump (named-compilezone -D) imported,
// exported and dumped again is the same; every export passes named-checkzone; tinydns-get answers
// every record of the dump; a broken master file changes nothing; AXFR from a real NSD.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { escapeBytes } from '../../lib/tinydns/escape.js';
import { readMasterFile } from '../../lib/tinydns/master-file.js';
import { nameKey, nameText, wireName } from '../../lib/tinydns/master-names.js';
import { available, isRoot } from '../support/programs.js';
import { exitOf } from '../support/processes.js';
import { dnsq, worldsOfTest, type TinydnsWorld } from '../support/tinydns-world.js';

const fixtures = join(import.meta.dirname, '../fixtures/bind');
const ready = available('tinydns-conf', 'tinydns-data', 'tinydns-get', 'named-checkzone', 'named-compilezone', 'nsd', 'axfr-get', 'tcpclient') && isRoot();

/** BIND's canonical dump of FILE (run in the fixtures directory: BIND reads $INCLUDE relative to it). */
function canonicalDump(zone: string, file: string, cwd = fixtures): string {
  const result = spawnSync('named-compilezone', ['-q', '-D', '-o', '-', zone, file], { cwd, encoding: 'utf8' });
  expect(result.status, result.stdout + result.stderr).toBe(0);
  return result.stdout;
}

function checkZone(zone: string, file: string): void {
  const result = spawnSync('named-checkzone', [zone, file], { encoding: 'utf8' });
  expect(result.status, result.stdout + result.stderr).toBe(0);
}

/** A record of the dump as tinydns-get prints its answer: known types by name, others as escaped bytes. */
function tinydnsAnswer(owner: string, ttl: number, type: number, rdata: Buffer): string {
  const name = (at: number) => nameKey(wireName(rdata, at).name);
  const text: Record<number, () => string> = {
    1: () => `A ${[...rdata].join('.')}`,
    2: () => `NS ${name(0)}`,
    5: () => `CNAME ${name(0)}`,
    12: () => `PTR ${name(0)}`,
    15: () => `MX ${rdata.readUInt16BE(0)} ${name(2)}`,
    6: () => {
      const m = wireName(rdata, 0);
      const r = wireName(rdata, m.end);
      return `SOA ${nameKey(m.name)} ${nameKey(r.name)} ${[0, 4, 8, 12, 16].map((k) => rdata.readUInt32BE(r.end + k)).join(' ')}`;
    },
  };
  const printable = [...rdata].map((b) => (b > 32 && b < 127 && b !== 92 ? String.fromCharCode(b) : escapeBytes(Uint8Array.of(b)))).join('');
  return `${owner.replace(/\*/g, '\\052')} ${ttl} ${text[type]?.() ?? `${type} ${printable}`}`;
}

describe.skipIf(!ready)('iim-tinydns zoneImport, zoneExport, zoneTransfer', () => {
  const { world, ok, tearDownAll } = worldsOfTest();
  const pids: number[] = [];
  afterEach(() => {
    for (const pid of pids.splice(0)) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // gone already
      }
    }
    tearDownAll();
  });

  /** Dump → import → export → dump is the same, the export passes named-checkzone, and tinydns-get answers every record. */
  async function roundTrip(w: TinydnsWorld, zone: string, file: string): Promise<string> {
    const dump = canonicalDump(zone, file);
    const dumpFile = join(w.top, `${zone}.dump`);
    writeFileSync(dumpFile, dump);
    const imported = await ok(w, '-i', 'zoneImport', dumpFile);
    expect(imported.stdout).toContain(`record(s) of ${zone}., and compiled`);
    const exported = (await ok(w, '-i', 'zoneExport', zone)).stdout;
    const exportFile = join(w.top, `${zone}.export`);
    writeFileSync(exportFile, exported);
    checkZone(zone, exportFile);
    expect(canonicalDump(zone, exportFile, w.top)).toBe(dump);

    const records = readMasterFile(dumpFile, dumpFile).records;
    const owners = new Map<string, typeof records>();
    for (const r of records) {
      const key = `${r.type} ${nameKey(r.owner)}`;
      owners.set(key, [...(owners.get(key) ?? []), r]);
    }
    const root = join(w.dir, 'root');
    for (const [key, group] of owners) {
      const [type, owner] = key.split(' ');
      const got = spawnSync('tinydns-get', [type, owner], { cwd: root, encoding: 'latin1' }).stdout;
      // Below a delegation tinydns refers: its NS in authority, the glue in additional.
      const answers = got.split('\n').filter((l) => /^(answer|authority|additional): /.test(l)).map((l) => l.replace(/^\w+: /, ''));
      const wanted = group.map((r) => tinydnsAnswer(owner, r.ttl, r.type, r.rdata));
      expect(answers.filter((a) => wanted.includes(a)).sort(), `${type} ${nameText(group[0].owner)}\n${got}`).toEqual(wanted.sort());
    }
    return dump;
  }

  it('a forward zone of every type ($INCLUDE, several $ORIGINs, wildcards, DKIM, CAA, SRV, a delegation with glue) goes through tinydns and comes back the same', async () => {
    const w = await world('tinydns-bind-forward');
    const dump = await roundTrip(w, 'example.test', 'example.test.zone');
    expect(dump).toContain('selector1._domainkey.example.test.');
    expect(w.readData()).toContain('Zexample.test:ns1.example.test:hostmaster.example.test:2024060101:7200:1800:1209600:300:3600');
  }, 120_000);

  it('a reverse zone goes through tinydns and comes back the same', async () => {
    const w = await world('tinydns-bind-reverse');
    await roundTrip(w, '2.0.10.in-addr.arpa', '2.0.10.in-addr.arpa.zone');
  }, 60_000);

  it('the master file itself (not only its dump) imports, $INCLUDE relative to the file', async () => {
    const w = await world('tinydns-bind-source');
    await ok(w, '-i', 'zoneImport', join(fixtures, 'example.test.zone'));
    const exportFile = join(w.top, 'export');
    writeFileSync(exportFile, (await ok(w, '-i', 'zoneExport', 'example.test')).stdout);
    expect(canonicalDump('example.test', exportFile, w.top)).toBe(canonicalDump('example.test', 'example.test.zone'));
  }, 60_000);

  it("exports what tinydns derives: SOA and NS of '.' lines, a.ns and a.mx addresses, PTRs of '=' lines", async () => {
    const w = await world('tinydns-bind-derived');
    for (const args of [
      ['ns', 'derived.test', w.ip],
      ['ns', '2.0.10.in-addr.arpa', w.ip],
      ['host', 'www.derived.test', '10.0.2.1'],
      ['mx', 'derived.test', '10.0.2.25', '10'],
    ]) await ok(w, '-i', 'recordAdd', ...args);
    const forward = (await ok(w, '-i', 'zoneExport', 'derived.test')).stdout;
    expect(forward.split('\n').slice(1).join('\n').trimEnd()).toMatch(
      new RegExp(
        [
          '^derived\\.test\\. 2560 IN SOA a\\.ns\\.derived\\.test\\. hostmaster\\.derived\\.test\\. [0-9]+ 16384 2048 1048576 2560',
          'derived\\.test\\. 259200 IN NS a\\.ns\\.derived\\.test\\.',
          'derived\\.test\\. 86400 IN MX 10 a\\.mx\\.derived\\.test\\.',
          'a\\.mx\\.derived\\.test\\. 86400 IN A 10\\.0\\.2\\.25',
          `a\\.ns\\.derived\\.test\\. 259200 IN A ${w.ip.replace(/\./g, '\\.')}`,
          'www\\.derived\\.test\\. 86400 IN A 10\\.0\\.2\\.1$',
        ].join('\n'),
      ),
    );
    const reverse = (await ok(w, '-i', 'zoneExport', '2.0.10.in-addr.arpa')).stdout;
    expect(reverse).toContain('1.2.0.10.in-addr.arpa. 86400 IN PTR www.derived.test.');
    for (const [zone, text] of [['derived.test', forward], ['2.0.10.in-addr.arpa', reverse]]) {
      const file = join(w.top, zone);
      writeFileSync(file, text);
      checkZone(zone, file);
    }
    const none = await w.bin('-i', 'zoneExport', 'other.test');
    expect([none.status, none.stderr]).toEqual([1, 'iim-tinydns: zoneExport: tinydns serves no SOA for other.test.: not a zone of this server (see -i zoneList)\n']);
  }, 60_000);

  it('a master file with 29 broken lines gets one FILE:LINE: message for each, and nothing is written', async () => {
    const w = await world('tinydns-bind-bad');
    const before = w.readData();
    const cdb = readFileSync(join(w.dir, 'root', 'data.cdb'));
    const result = await w.bin('-i', 'zoneImport', join(fixtures, 'bad.zone'));
    expect(result.status).toBe(1);
    const expected = readFileSync(join(fixtures, 'bad.expected'), 'utf8').replace(/^bad\.zone:/gm, `${join(fixtures, 'bad.zone')}:`);
    expect(result.stderr).toBe(`${expected}iim-tinydns: zoneImport: 29 problem(s) in ${join(fixtures, 'bad.zone')}: nothing changed\n`);
    expect(w.readData()).toBe(before);
    expect(readFileSync(join(w.dir, 'root', 'data.cdb'))).toEqual(cdb);
  }, 60_000);

  it('zoneTransfer takes a zone from a running NSD by AXFR, in one change that exports as BIND dumps it', async () => {
    const w = await world('tinydns-bind-axfr');
    const nsdIp = `${w.ip.replace(/\.1$/, '')}.2`;
    const zones = join(w.top, 'nsd');
    spawnSync('mkdir', ['-p', zones]);
    const dump = canonicalDump('example.test', 'example.test.zone');
    writeFileSync(join(zones, 'example.test.zone'), dump);
    writeFileSync(
      join(zones, 'nsd.conf'),
      [
        'server:',
        `  ip-address: ${nsdIp}`,
        '  port: 53',
        '  username: ""',
        '  chroot: ""',
        `  zonesdir: "${zones}"`,
        `  pidfile: "${zones}/nsd.pid"`,
        `  xfrdfile: "${zones}/xfrd.state"`,
        `  zonelistfile: "${zones}/zone.list"`,
        '  database: ""',
        `  logfile: "${zones}/nsd.log"`,
        'remote-control:',
        '  control-enable: no',
        'zone:',
        '  name: example.test',
        '  zonefile: example.test.zone',
        '  provide-xfr: 0.0.0.0/0 NOKEY',
        '',
      ].join('\n'),
    );
    const nsd = spawn('nsd', ['-d', '-c', join(zones, 'nsd.conf')], { stdio: 'ignore' });
    pids.push(nsd.pid!);
    expect(dnsq('soa', 'example.test', nsdIp)).toContain('answer: example.test 3600 SOA');

    const transferred = await ok(w, '-i', 'zoneTransfer', 'example.test', nsdIp);
    expect(transferred.stdout).toMatch(/added [0-9]+ record\(s\) of example\.test\., and compiled/);
    const exportFile = join(w.top, 'export');
    writeFileSync(exportFile, (await ok(w, '-i', 'zoneExport', 'example.test')).stdout);
    checkZone('example.test', exportFile);
    expect(canonicalDump('example.test', exportFile, w.top)).toBe(dump);
    nsd.kill('SIGTERM');
    await exitOf(nsd);
  }, 60_000);
});
