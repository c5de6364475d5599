import { describe, expect, it } from 'vitest';
import { checkDataText } from '../../../lib/tinydns/data-check.js';
import {
  InvalidInput,
  decodeLine,
  encodeRecord,
  listZones,
  nextServerLabel,
  recordArgs,
  recordFromArgs,
  recordMatches,
  zoneOf,
} from '../../../lib/tinydns/records.js';

const line = (kind: string, ...args: string[]) => encodeRecord(recordFromArgs(kind, args));

describe('encodeRecord', () => {
  it.each([
    [['ns', 'example.test', '127.53.0.1'], '.example.test:127.53.0.1:a:259200'],
    [['ns', 'Example.Test.', '127.53.0.2', 'b'], '.example.test:127.53.0.2:b:259200'],
    [['ns', '.', '127.53.0.1', 'a'], '.:127.53.0.1:a:259200'],
    [['childns', 'sub.example.test', '10.0.0.1', 'ns1.sub.example.test'], '&sub.example.test:10.0.0.1:ns1.sub.example.test:259200'],
    [['host', 'www.example.test', '10.0.0.2'], '=www.example.test:10.0.0.2:86400'],
    [['alias', 'web.example.test', '10.0.0.2', '300'], '+web.example.test:10.0.0.2:300'],
    [['mx', 'example.test', '10.0.0.3'], '@example.test:10.0.0.3:a::86400'],
    [['mx', 'example.test', '10.0.0.3', '10', 'mail.example.test'], '@example.test:10.0.0.3:mail.example.test:10:86400'],
    [['cname', 'ftp.example.test', 'www.example.test'], 'Cftp.example.test:www.example.test:86400'],
    [['txt', 'example.test', 'v=spf1 ip4:10.0.0.0/8 -all'], "'example.test:v=spf1 ip4\\07210.0.0.0/8 -all:86400"],
    [['ptr', '10.0.0.2', 'www.example.test'], '^2.0.0.10.in-addr.arpa:www.example.test:86400'],
    [['ptr', '2.0.0.10.in-addr.arpa', 'www.example.test', '60'], '^2.0.0.10.in-addr.arpa:www.example.test:60'],
    [
      ['aaaa', 'v6.example.test', '2001:db8::1'],
      ':v6.example.test:28:\\040\\001\\015\\270\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\001:86400',
    ],
    [
      ['srv', '_sip._tcp.example.test', 'sip.example.test', '5060', '10', '20', '3600'],
      // priority 10, weight 20, port 5060 (023 304), then 3 "sip" 7 "example" 4 "test" 0
      ':_sip._tcp.example.test:33:\\000\\012\\000\\024\\023\\304' +
        '\\003\\163\\151\\160\\007\\145\\170\\141\\155\\160\\154\\145\\004\\164\\145\\163\\164\\000:3600',
    ],
  ])('%j', (args, expected) => {
    const [kind, ...rest] = args;
    const encoded = line(kind, ...rest);
    expect(encoded).toBe(expected);
    expect(checkDataText(encoded + '\n', 'data')).toEqual([]);
  });

  it('writes every byte of generic rdata as an octal escape', () => {
    expect(line('srv', '_x._tcp.a.test', 'a.test', '1')).toBe(':_x._tcp.a.test:33:\\000\\000\\000\\000\\000\\001\\001\\141\\004\\164\\145\\163\\164\\000:86400');
  });
});

describe('hostile input', () => {
  it.each([
    'a:b',
    'line1\nline2',
    'back\\slash',
    '$(rm -rf /); `id` | & ; > < * ? [ ] ~ # !',
    'cr\r\nlf',
    '\0nul',
    'fin:\n=evil.test:6.6.6.6:86400',
    'héllo ✓',
  ])('TXT %j stays one line with the same text', (text) => {
    const encoded = line('txt', 'example.test', text);
    expect(encoded).not.toMatch(/[\n\r\0]/);
    expect(encoded.split(':')).toHaveLength(3);
    expect(checkDataText(encoded + '\n', 'data')).toEqual([]);
    expect(decodeLine(encoded)).toEqual({ kind: 'txt', name: 'example.test', value: text, ttl: 86400 });
  });

  it.each([
    ['host', 'a..b.test', '10.0.0.1'],
    ['host', '../etc/passwd', '10.0.0.1'],
    ['host', 'a.test:1.2.3.4:0\n=b.test', '10.0.0.1'],
    ['host', 'a.test', '10.0.0.1:0'],
    ['host', 'a.test', '10.0.0.1', '60\n=b.test:1.2.3.4'],
    ['cname', 'a.test', 'b.test\n+c.test:1.2.3.4'],
    ['mx', 'a.test', '10.0.0.1', '10', 'x:y'],
    ['ns', 'a.test', '10.0.0.1', 'a b'],
    ['aaaa', 'a.test', '::1\n'],
    ['srv', 'a.test', 'b.test', '99999'],
    ['host', 'a.test', '10.0.0.1', '-1'],
  ])('refuses %j', (kind, ...args) => {
    expect(() => line(kind, ...args)).toThrow(InvalidInput);
  });

  it('says what a kind takes when the count is wrong, and lists the kinds', () => {
    expect(() => recordFromArgs('host', ['a.test'])).toThrow('host takes NAME IP [TTL], got 1 argument');
    expect(() => recordFromArgs('srv', ['a', 'b', '1', '2', '3', '4', '5'])).toThrow(
      'srv takes NAME TARGET PORT [PRIORITY] [WEIGHT] [TTL], got 7 arguments',
    );
    expect(() => recordFromArgs('a', [])).toThrow(
      'unknown record kind "a": expected one of ns, childns, host, alias, mx, cname, txt, ptr, srv, aaaa',
    );
  });

  it('checks records built in code too', () => {
    expect(() => encodeRecord({ kind: 'host', name: 'a.test', ip: '1.2.3.4', ttl: -1 })).toThrow('bad TTL "-1"');
    expect(() => encodeRecord({ kind: 'srv', name: 'a.test', target: 'b.test', port: 1.5 })).toThrow('bad SRV port "1.5"');
  });
});

describe('one grammar, fields checked in the order given', () => {
  it('takes a PTR name of three numbers and a word as a mistyped address, not a name', () => {
    expect(() => line('ptr', '10.0.2.x', 'p.test')).toThrow('bad IP "10.0.2.x": octet "x" is not a number 0-255');
    expect(line('ptr', '10.0.2.9', 'p.test')).toBe('^9.2.0.10.in-addr.arpa:p.test:86400');
  });
  it('names the first wrong word as what it is', () => {
    expect(() => line('host', 'bad', 'test', '1.2.3.4')).toThrow('bad IP "test": expected 4 octets, got 1');
    expect(() => line('host', '-a.test', '10.0.2.1')).toThrow('label "-a" starts with "-"');
    expect(() => line('mx', 'a.test', 'b.test', '10')).toThrow('bad IP "b.test"');
  });
  it('lowercases names silently, as dnscache does', () => {
    expect(line('host', 'A.Test', '10.0.2.1')).toBe('=a.test:10.0.2.1:86400');
  });
});

describe('decodeLine', () => {
  it.each([
    [['ns', 'example.test', '127.53.0.1', 'a']],
    [['childns', 'sub.example.test', '10.0.0.1', 'ns1.sub.example.test']],
    [['host', 'www.example.test', '10.0.0.2', '86400']],
    [['alias', 'web.example.test', '10.0.0.2', '300']],
    [['mx', 'example.test', '10.0.0.3', '10', 'b']],
    [['cname', 'ftp.example.test', 'www.example.test', '86400']],
    [['txt', 'example.test', 'a:b\\c', '60']],
    [['ptr', '2.0.0.10.in-addr.arpa', 'www.example.test', '86400']],
    [['srv', '_sip._tcp.example.test', 'sip.example.test', '5060', '10', '20', '3600']],
    [['aaaa', 'v6.example.test', '2001:db8::1', '86400']],
  ])('round-trips %j through encode and decode', ([kind, ...args]) => {
    const record = decodeLine(encodeRecord(recordFromArgs(kind, args)) + '\n');
    expect(record && recordArgs(record)).toEqual([kind, ...args]);
  });

  it('shows the server name of ns and mx lines', () => {
    expect(decodeLine('.example.test:1.2.3.4:a:259200')).toEqual({
      kind: 'ns', name: 'example.test', value: '1.2.3.4', server: 'a', serverName: 'a.ns.example.test', ttl: 259200,
    });
    expect(decodeLine('@example.test:1.2.3.4:a::86400')).toMatchObject({ serverName: 'a.mx.example.test', distance: 0 });
  });

  it('shows an unknown generic type with its number and its rdata in RFC 3597 form', () => {
    expect(decodeLine(':a.test:99:ab\\072\\000:60:4000000060000000:in')).toEqual({
      kind: 'generic', name: 'a.test', value: '\\# 4 61623A00', type: 99, ttl: 60, timestamp: '4000000060000000', location: 'in',
    });
    expect(decodeLine(':a.test:28:\\001\\002')).toMatchObject({ kind: 'generic', type: 28 });
  });

  it('skips comments, blanks and disabled lines', () => {
    for (const l of ['# x', '', '-a.test:1.2.3.4', 'xjunk']) expect(decodeLine(l)).toBeUndefined();
  });

  it('matches a generic record by its RFC 3597 data however its hex is written, a location by its code as written', () => {
    const generic = decodeLine(':a.test:65280:\\276\\357:60')!;
    expect(recordMatches(generic, 'generic', 'a.test', '\\# 2 be ef')).toBe(true);
    expect(recordMatches(generic, 'generic', 'a.test', '\\# 2 BEEE')).toBe(false);
    expect(recordMatches(decodeLine('%In:10')!, 'location', 'In')).toBe(true);
    expect(recordMatches(decodeLine('%In:10')!, 'location', 'in')).toBe(false);
    expect(recordMatches(decodeLine('%ex:')!, 'location', 'ex', '-')).toBe(true);
  });

  it('reads a location line as its code (case kept) and IP prefix', () => {
    expect(decodeLine('%In:10')).toEqual({ kind: 'location', name: 'In', value: '10' });
    expect(decodeLine('%ex')).toEqual({ kind: 'location', name: 'ex', value: '' });
  });
});

describe('the root zone (a closed lab)', () => {
  it('lists back as a line recordAdd accepts, and is matched for removal', () => {
    const record = decodeLine('.:127.53.0.1:a:259200')!;
    expect(recordArgs(record)).toEqual(['ns', '.', '127.53.0.1', 'a']);
    expect(recordMatches(record, 'ns', '.')).toBe(true);
  });

  it('is refused for childns', () => {
    expect(() => line('childns', '.', '127.53.0.1')).toThrow(InvalidInput);
  });
});

describe('recordMatches', () => {
  const host = decodeLine('=WWW.example.test:10.0.0.2:86400')!;
  const ns = decodeLine('.example.test:1.2.3.4:a:259200')!;
  const aaaa = decodeLine(line('aaaa', 'v6.test', '2001:db8::1'))!;
  it('matches kind and name, and the value when given', () => {
    expect(recordMatches(host, 'host', 'www.example.test.')).toBe(true);
    expect(recordMatches(host, 'host', 'www.example.test', '10.0.0.2')).toBe(true);
    expect(recordMatches(host, 'host', 'www.example.test', '10.0.0.3')).toBe(false);
    expect(recordMatches(host, 'alias', 'www.example.test')).toBe(false);
    expect(recordMatches(ns, 'ns', 'example.test', 'a')).toBe(true);
    expect(recordMatches(ns, 'ns', 'example.test', 'a.ns.example.test')).toBe(true);
    expect(recordMatches(ns, 'ns', 'example.test', '1.2.3.4')).toBe(true);
    expect(recordMatches(aaaa, 'aaaa', 'v6.test', '2001:0db8:0:0::0:1')).toBe(true);
  });
});

describe('zones', () => {
  const data = '.example.test:1.2.3.4:a\n.example.test:1.2.3.5:b\nZother.test:ns.other.test:h.other.test\n&sub.example.test:1.1.1.1\n+x.test:1.2.3.4\n';
  it('lists the zones of . and Z lines', () => expect(listZones(data)).toEqual(['example.test', 'other.test']));
  it('finds the longest zone containing a name', () => {
    expect(zoneOf('www.Example.test', ['test', 'example.test'])).toBe('example.test');
    expect(zoneOf('badexample.test', ['example.test'])).toBeUndefined();
  });
  it('picks the next free server letter like tinydns-edit', () => {
    const records = data.split('\n').map(decodeLine).filter((r) => r !== undefined);
    expect(nextServerLabel(records, 'ns', 'example.test')).toBe('c');
    expect(nextServerLabel(records, 'mx', 'example.test')).toBe('a');
  });
});
