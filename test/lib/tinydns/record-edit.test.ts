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
