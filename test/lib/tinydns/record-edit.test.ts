// addRecord and addRecords on data text: once each, server labels as tinydns-edit picks them,
// advice about zones given against the text with every record in.
import { describe, expect, it } from 'vitest';
import { addRecord, addRecords } from '../../../lib/tinydns/record-edit.js';
import { recordFromArgs } from '../../../lib/tinydns/records.js';

const record = (line: string) => {
  const [kind, ...args] = line.split(' ');
  return recordFromArgs(kind, args);
};

describe('addRecords', () => {
  it('adds each record once, in order, labelling new name servers a, b, … per zone', () => {
    const text = '.example.test:10.0.0.1:a:259200\n';
    const { text: after, added, warnings } = addRecords(text, [
      record('ns example.test 10.0.0.1'), // there already, as a
      record('ns example.test 10.0.0.2'), // the next label: b
      record('ns example.test 10.0.0.3'), // c, from the one added just before
      record('host www.example.test 10.0.0.80'),
      record('host www.example.test 10.0.0.80'), // twice in the import: once in the data
    ]);
    expect(added).toEqual(['.example.test:10.0.0.2:b:259200', '.example.test:10.0.0.3:c:259200', '=www.example.test:10.0.0.80:86400']);
    expect(after).toBe(text + added.join('\n') + '\n');
    expect(warnings).toEqual(['its PTR 80.0.0.10.in-addr.arpa is served only once an ns record covers a reverse zone holding it']);
  });

  it('gives the same text as adding one record at a time, and advises only about what the whole import leaves uncovered', () => {
    const records = ['host www.example.test 10.0.0.80', 'ns example.test 10.0.0.1', 'ns 0.0.10.in-addr.arpa 10.0.0.1', 'mx example.test 10.0.0.25 10'].map(record);
    let oneByOne = 'Zother.test:ns.other.test.:hostmaster.other.test.\n';
    for (const r of records) oneByOne = addRecord(oneByOne, r).text ?? oneByOne;
    const together = addRecords('Zother.test:ns.other.test.:hostmaster.other.test.\n', records);
    expect(together.text).toBe(oneByOne);
    // www was added before its zone's ns line, but the import as a whole covers it
    expect(together.warnings).toEqual([]);
  });

  it('leaves text without a final newline whole, and adds nothing when everything is there', () => {
    expect(addRecords('=a.test:10.0.0.1:86400', [record('host b.test 10.0.0.2')]).text).toBe('=a.test:10.0.0.1:86400\n=b.test:10.0.0.2:86400\n');
    const there = addRecords('=a.test:10.0.0.1:86400\n', [record('host a.test 10.0.0.1')]);
    expect(there).toEqual({ text: '=a.test:10.0.0.1:86400\n', added: [], warnings: [], conflicts: [] });
  });
});

describe('addRecords of raw lines (zoneImport, zoneTransfer)', () => {
  const rule = 'a name with a CNAME can have no other data (RFC 1034 §3.6.2)';
  const text = ['.example.test:10.0.0.1:a:259200', '+www.example.test:10.0.0.80:86400', 'Cftp.example.test:www.example.test:86400', ''].join('\n');
  const raw = (...lines: string[]) => lines.map((line) => ({ kind: 'raw' as const, line }));

  it('refuses a CNAME beside other data, in the data or earlier in the import, by the same messages as one record at a time', () => {
    const outcome = addRecords(
      text,
      raw(
        'Cnew.example.test:www.example.test:86400',
        '+New.Example.Test.:10.0.0.9:86400', // the CNAME just imported, whatever the case
        'Cwww.example.test:web.example.test:86400', // the data's A line
        '=ptr.example.test:10.0.0.7:86400',
        'C7.0.0.10.in-addr.arpa:ptr.example.test:86400', // the PTR name of the "=" line before it
        "'ftp.example.test:text:86400", // the data's CNAME
        '+caf\\303\\251.example.test:10.0.0.10:86400',
        'Ccaf\\303\\251.example.test:www.example.test:86400', // an escaped name
        '+fine.example.test:10.0.0.11:86400',
      ),
    );
    expect(outcome.added).toEqual([]);
    expect(outcome.text).toBe(text);
    expect(outcome.conflicts).toEqual([
      { index: 1, message: `new.example.test has a CNAME (import: Cnew.example.test:www.example.test:86400): ${rule}` },
      { index: 2, message: `www.example.test already has other data (line 2: +www.example.test:10.0.0.80:86400): ${rule}` },
      { index: 4, message: `7.0.0.10.in-addr.arpa already has other data (import: =ptr.example.test:10.0.0.7:86400): ${rule}` },
      { index: 5, message: `ftp.example.test has a CNAME (line 3: Cftp.example.test:www.example.test:86400): ${rule}` },
      { index: 7, message: `café.example.test already has other data (import: +caf\\303\\251.example.test:10.0.0.10:86400): ${rule}` },
    ]);
  });

  it('adds each new line once, after the data, when no CNAME rule is broken', () => {
    const outcome = addRecords(text, raw('+www.example.test:10.0.0.80:86400', 'Cdocs.example.test:www.example.test:86400', '+a.example.test:10.0.0.2:86400', '+a.example.test:10.0.0.2:86400'));
    expect(outcome.added).toEqual(['Cdocs.example.test:www.example.test:86400', '+a.example.test:10.0.0.2:86400']);
    expect(outcome.text).toBe(`${text}Cdocs.example.test:www.example.test:86400\n+a.example.test:10.0.0.2:86400\n`);
  });
});
