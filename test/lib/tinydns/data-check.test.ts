import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkDataFile,
  checkDataText,
  countErrors,
  formatDiagnostic,
  formatDiagnostics,
} from '../../../lib/tinydns/data-check.js';

const fixtures = join(import.meta.dirname, '../../fixtures/tinydns');

const check = (text: string) => formatDiagnostics(checkDataText(text, 'data'));

describe('checkDataText', () => {
  it('reports every problem of a file with many known errors, in GNU FILE:LINE: form', () => {
    const expected = readFileSync(join(fixtures, 'bad-data.expected'), 'utf8');
    const got = formatDiagnostics(checkDataFile(join(fixtures, 'bad-data'), 'bad-data'));
    expect(got).toBe(expected);
    expect(expected.split('\n').filter((l) => l.includes(': warning: ')).length).toBeGreaterThan(5);
  });

  it('says nothing about a clean file', () => {
    const clean = [
      '# comment',
      '',
      '.example.test:127.53.0.1:a:259200',
      '.:127.53.0.1:a:259200',
      '&sub.example.test:10.1.1.1:ns1.sub.example.test',
      'Zexample.test:ns.example.test:hostmaster.example.test:2024010101:16384:2048:1048576:2560:2560',
      '=www.example.test:10.0.0.1:86400',
      '+web.example.test:10.0.0.2',
      '+*.wild.example.test:10.0.0.3:300',
      '@example.test:10.0.0.4:a:10:86400',
      "'example.test:v=spf1 ip4\\07210.0.0.0/8 -all:3600",
      '^1.0.0.10.in-addr.arpa:www.example.test',
      '^0/25.0.0.10.in-addr.arpa:www.example.test',
      'Cftp.example.test:www.example.test:3600',
      ':v6.example.test:28:\\040\\001\\015\\270\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\001:86400',
      '%in:10.0',
      '%ex',
      '=in.example.test:10.0.0.5:0:4000000060000000:in',
      '-disabled.example.test:999.1.1.1',
    ].join('\n');
    expect(check(clean)).toBe('');
  });

  it('formats a warning with "warning:" after the line number', () => {
    const [d] = checkDataText('=a.test:10.0.0.1:0\n', 'data');
    expect(formatDiagnostic(d)).toBe('data:1: warning: TTL 0: resolvers will not cache this record');
    expect(countErrors([d])).toBe(0);
  });

  it.each([
    ['=a.test:1.2.3.4.5', 'data:1: bad IP "1.2.3.4.5": expected 4 octets, got 5'],
    ['=a.test:1.2.3.1000', 'data:1: bad IP "1.2.3.1000": octet 1000 > 255'],
    ['=a.test:1..3.4', 'data:1: bad IP "1..3.4": empty octet (expected 4 numbers 0-255 separated by dots)'],
    ['+.a.test:1.2.3.4', 'data:1: bad name ".a.test": empty label'],
    ['Ca.test:b..test', 'data:1: bad target name "b..test": empty label'],
    ['^a.test:b.test:-1', 'data:1: bad TTL "-1": expected a number 0-4294967295'],
    ['Zexample.test:ns.example.test:h.example.test:1:2:3:4:99999999999', 'data:1: bad SOA minimum "99999999999": 99999999999 > 4294967295'],
    [':a.test:252:x', 'data:1: bad record type "252": type 252 (AXFR) is prohibited'],
    [':a.test:12:x', 'data:1: bad record type "12": type 12 (PTR) is prohibited here: use a "^" line'],
    [':a.test::x', 'data:1: missing record type (:fqdn:n:rdata:ttl:timestamp:lo)'],
    [":a.test:16:\\77", 'data:1: bad rdata "\\77": bad escape "\\77": expected a backslash and 3 octal digits 000-377'],
    ['%:10', 'data:1: missing location code (%lo:ipprefix)'],
    ['%ab:10:x', 'data:1: too many fields: 3 > 2 (%lo:ipprefix)'],
    ['=a.test:1.2.3.4:60:4000000060000000:x:y', 'data:1: too many fields: 6 > 5 (=fqdn:ip:ttl:timestamp:lo)\ndata:1: warning: location "x" is not defined by any % line: this record is served to no one'],
    ['+a\tb.test:1.2.3.4', 'data:1: warning: name "a\\011b.test": unusual character "\\011" (expected letters, digits, "-", "_")'],
    ['+:1.2.3.4', 'data:1: warning: empty name (the root)'],
  ])('%s', (line, expected) => {
    expect(check(line + '\n')).toBe(expected + '\n');
  });

  it('reports a repeated line and a second CNAME', () => {
    const text = 'Ca.test:b.test\n+x.test:1.2.3.4\nCa.test:c.test\n+x.test:1.2.3.4\n';
    expect(check(text)).toBe(
      'data:3: warning: "a.test" has another CNAME at line 1: a name may have only one\n' +
        'data:4: warning: duplicate of line 2\n',
    );
  });

  it('matches names case-insensitively when looking for CNAME clashes', () => {
    expect(check('+WWW.Example.test:1.2.3.4\nCwww.example.TEST:b.test\n')).toBe(
      'data:1: warning: "WWW.Example.test" also has a CNAME at line 2: a name with a CNAME must have no other records\n',
    );
  });

  it('counts lines across a last line without a newline and CRLF endings', () => {
    expect(check('# x\n=a.test:1.2.3.4\r\n=b.test:1.2.3')).toBe(
      'data:2: carriage return at end of line (DOS line ending?): tinydns-data keeps it in the last field\n' +
        'data:3: bad IP "1.2.3": expected 4 octets, got 3\n',
    );
  });

  it('counts a multibyte name in bytes, as the DNS does', () => {
    const label = 'é'.repeat(32); // 64 bytes in UTF-8
    expect(check(`+${label}.test:1.2.3.4\n`)).toContain(`is 64 bytes > 63`);
  });
});
