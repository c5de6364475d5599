// Encoded lines compiled by the real tinydns-data and answered by the real tinydns-get.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDataText } from '../../../lib/tinydns/data-check.js';
import { unescapeBytes, wireToName } from '../../../lib/tinydns/escape.js';
import { encodeRecord, recordFromArgs } from '../../../lib/tinydns/records.js';
import { parseIPv6 } from '../../../lib/names.js';
import { missingPrograms, shouldSkip } from '../../support/real-programs.js';

const missing = missingPrograms(['tinydns-data', 'tinydns-get']);
if (missing.length > 0) {
  console.warn(`real-tinydns tests: ${missing.join(', ')} not found${shouldSkip(missing) ? '; skipped (they fail under CI=true)' : ''}`);
}

const hostileText = 'a:b\\c "q" $(id) `x`; rm -rf / #\nsecond line\r';
const records: string[][] = [
  ['ns', 'example.test', '127.53.0.1'],
  ['ns', '0.0.10.in-addr.arpa', '127.53.0.1'],
  ['host', 'www.example.test', '10.0.0.2'],
  ['alias', 'web.example.test', '10.0.0.4', '300'],
  ['childns', 'sub.example.test', '10.0.0.9'],
  ['mx', 'example.test', '10.0.0.3', '10'],
  ['cname', 'ftp.example.test', 'www.example.test'],
  ['ptr', '10.0.0.5', 'mail.example.test'],
  ['txt', 'txt.example.test', hostileText],
  ['aaaa', 'v6.example.test', '2001:db8::10.0.0.1'],
  ['srv', '_sip._tcp.example.test', 'sip.example.test', '5060', '10', '20', '3600'],
];

describe.skipIf(shouldSkip(missing))('encoded records served by the real tinydns-data and tinydns-get', () => {
  let dir = '';
  const get = (type: string, name: string) => execFileSync('tinydns-get', [type, name], { cwd: dir, encoding: 'latin1' });
  /** The rdata bytes of the first answer line of a generic type, as tinydns-get prints them (escaped). */
  const answerBytes = (output: string, type: number) => {
    const answer = output.split('\n').find((l) => l.startsWith('answer: '));
    expect(answer, output).toBeDefined();
    const [, , , shownType, ...rest] = answer!.split(' ');
    expect(shownType).toBe(String(type));
    return unescapeBytes(rest.join(' '));
  };

  beforeAll(() => {
    if (missing.length > 0) throw new Error(`CI=true and ${missing.join(', ')} not installed`);
    dir = mkdtempSync(join(tmpdir(), 'iim-tinydns-records-'));
    const data = records.map(([kind, ...args]) => encodeRecord(recordFromArgs(kind, args)) + '\n').join('');
    expect(checkDataText(data, 'data')).toEqual([]);
    writeFileSync(join(dir, 'data'), data);
    execFileSync('tinydns-data', [], { cwd: dir });
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the AAAA address, embedded IPv4 included', () => {
    expect(answerBytes(get('28', 'v6.example.test'), 28)).toEqual(parseIPv6('2001:db8::a00:1'));
  });

  it('serves the SRV priority, weight, port and target', () => {
    const rdata = answerBytes(get('33', '_sip._tcp.example.test'), 33);
    const view = new DataView(rdata.buffer, rdata.byteOffset, rdata.byteLength);
    expect([view.getUint16(0), view.getUint16(2), view.getUint16(4)]).toEqual([10, 20, 5060]);
    expect(wireToName(rdata, 6)).toEqual({ name: 'sip.example.test', end: rdata.length });
  });

  it('serves a TXT with colons, backslashes, newlines and shell characters as one string', () => {
    const rdata = answerBytes(get('txt', 'txt.example.test'), 16);
    const text = Buffer.from(hostileText);
    expect(rdata[0]).toBe(text.length);
    expect(Buffer.from(rdata.subarray(1)).toString()).toBe(hostileText);
  });

  it('serves A, CNAME, MX, PTR and the delegation', () => {
    expect(get('a', 'www.example.test')).toContain('answer: www.example.test 86400 A 10.0.0.2');
    expect(get('a', 'web.example.test')).toContain('answer: web.example.test 300 A 10.0.0.4');
    expect(get('a', 'ftp.example.test')).toContain('answer: ftp.example.test 86400 CNAME www.example.test');
    const mx = get('mx', 'example.test');
    expect(mx).toContain('answer: example.test 86400 MX 10 a.mx.example.test');
    expect(mx).toContain('additional: a.mx.example.test 86400 A 10.0.0.3');
    expect(get('ptr', '5.0.0.10.in-addr.arpa')).toContain('answer: 5.0.0.10.in-addr.arpa 86400 PTR mail.example.test');
    expect(get('ns', 'sub.example.test')).toContain('authority: sub.example.test 259200 NS a.ns.sub.example.test');
  });

  it('serves no record from the hostile text', () => {
    expect(get('a', 'evil.example.test')).toContain('nxdomain');
  });
});
