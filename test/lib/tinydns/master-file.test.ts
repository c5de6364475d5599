// The master-file reader: every broken line of a file named once as FILE:LINE: message; the
// syntax of RFC 1035 §5 (origins, omitted owner and TTL, parentheses, escapes) read as BIND reads it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataLine } from '../../../lib/tinydns/master-data.js';
import { readMasterFile } from '../../../lib/tinydns/master-file.js';

const fixtures = join(import.meta.dirname, '../../fixtures/bind');
const fromText = (text: string, zone?: string) => readMasterFile('zone.txt', 'zone.txt', { zone, read: () => text });

describe('readMasterFile', () => {
  it('names each of 29 broken lines once, as FILE:LINE: message, in line order', () => {
    const read = readMasterFile(join(fixtures, 'bad.zone'), 'bad.zone');
    expect(read.problems.join('\n') + '\n').toBe(readFileSync(join(fixtures, 'bad.expected'), 'utf8'));
    const lines = read.problems.map((p) => Number(p.split(':')[1]));
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('reads origins, "@", omitted owner and TTL, parentheses and escapes into tinydns data lines', () => {
    const read = fromText(
      [
        '$TTL 1h',
        '@ IN SOA ns1 hostmaster ( 42 ; serial',
        '    2h 30m 2w 5m )',
        '  NS ns1.example.test.',
        'ns1 300 A 10.0.0.1',
        '    AAAA 2001:db8::1',
        '$ORIGIN lab',
        'www IN 60 TXT "a\\058b" two',
        'dot CNAME a\\.b.example.test.',
        'mx MX 10 @',
      ].join('\n'),
      'example.test',
    );
    expect(read.problems).toEqual([]);
    expect(read.records.map(dataLine)).toEqual([
      'Zexample.test:ns1.example.test:hostmaster.example.test:42:7200:1800:1209600:300:3600',
      '&example.test::ns1.example.test:3600',
      '+ns1.example.test:10.0.0.1:300',
      ':ns1.example.test:28:\\040\\001\\015\\270\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\001:3600',
      ':www.lab.example.test:16:\\003\\141\\072\\142\\003\\164\\167\\157:60',
      'Cdot.lab.example.test:a\\056b.example.test:3600',
      '@mx.lab.example.test::lab.example.test:10:3600',
    ]);
  });

  it('refuses an $INCLUDE outside the directory of the file, and reads one inside it relative to the file', () => {
    const files: Record<string, string> = {
      '/z/zone': '$TTL 60\n@ SOA ns hm 1 2 3 4 5\n$INCLUDE ../etc/passwd\n$INCLUDE sub/hosts.inc lab\nafter A 10.0.0.2\n',
      '/z/sub/hosts.inc': 'printer A 10.0.0.9\n',
    };
    const read = readMasterFile('/z/zone', 'zone', { zone: 'example.test', read: (p) => files[p] ?? '' });
    expect(read.problems).toEqual(['zone:3: $INCLUDE ../etc/passwd is outside /z: refused (copy it beside the zone file, or allow it with includeAnywhere=yes)']);
    expect(read.records.map(dataLine).slice(1)).toEqual(['+printer.lab.example.test:10.0.0.9:60', '+after.example.test:10.0.0.2:60']);
  });
});
