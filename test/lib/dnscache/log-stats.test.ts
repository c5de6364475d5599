import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLog } from '../../../lib/dnscache/log.js';
import {
  renderSummaryText, summariseLog, summariseLogFile, summaryToJson,
} from '../../../lib/dnscache/log-stats.js';
import { formatTai64n } from '../../../lib/daemontools/tai64n.js';

const dir = mkdtempSync(join(tmpdir(), 'iim-log-stats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stamped log of n queries from 3 clients, with sent/rr/stats/servfail lines between. */
function makeLog(n: number): string {
  const lines: string[] = [];
  const clients = ['7f000001', '0a000002', 'c0a80103'];
  const types = [1, 28, 15, 65280];
  for (let i = 1; i <= n; i++) {
    const stamp = formatTai64n({ unixSeconds: 1_700_000_000 + i, nanoseconds: i });
    lines.push(`${stamp} query ${i} ${clients[i % 3]}:0035:${(i % 65536).toString(16).padStart(4, '0')} ${types[i % 4]} host${i % 50}.example.test.`);
    if (i % 2) lines.push(`${stamp} sent ${i} 50`);
    if (i % 5 === 0) lines.push(`${stamp} rr 7f3d0001 86400 1 host${i % 50}.example.test. 0a010203`);
    if (i % 100 === 0) lines.push(`${stamp} stats ${i} ${i * 10} 1 0`);
    if (i % 333 === 0) lines.push(`${stamp} servfail host${i % 50}.example.test. input/output error`);
  }
  return lines.join('\n') + '\n';
}

function slowSummary(text: string) {
  const perClient: Record<string, number> = {};
  const types: Record<string, number> = {};
  const names: Record<string, number> = {};
  for (const r of parseLog(text)) {
    if (r.kind !== 'query') continue;
    perClient[r.client] = (perClient[r.client] ?? 0) + 1;
    types[r.type] = (types[r.type] ?? 0) + 1;
    names[r.name] = (names[r.name] ?? 0) + 1;
  }
  return { perClient, types, names };
}

describe('summariseLog', () => {
  const text = makeLog(30_000);

  it('counts what the line-by-line parser counts', () => {
    const s = summariseLog(text);
    const slow = slowSummary(text);
    expect(s.queries).toBe(30_000);
    expect(s.lines).toBe(parseLog(text).length);
    expect(Object.fromEntries(s.perClient)).toEqual(slow.perClient);
    expect(Object.fromEntries(s.types)).toEqual(slow.types);
    expect(Object.fromEntries(s.nameCounts())).toEqual(slow.names);
    expect(s.distinctNames).toBe(Object.keys(slow.names).length);
    expect(s.types.get('65280')).toBe(7500);
    expect(s.stats).toEqual({ queries: 30_000, cacheMotion: 300_000, udpActive: 1, tcpActive: 0 });
    expect(s.errors.servfail).toBe(90);
    expect(s.firstStamp).toBe(formatTai64n({ unixSeconds: 1_700_000_001, nanoseconds: 1 }));
    expect(s.lastStamp).toBe(formatTai64n({ unixSeconds: 1_700_030_000, nanoseconds: 30_000 }));
    expect(s.topNames).toHaveLength(10);
    expect(s.topNames[0][1]).toBe(600);
  });

  it('reads a file in chunks with the same result, lines crossing chunk boundaries', () => {
    const path = join(dir, 'current');
    writeFileSync(path, text);
    expect(text.length).toBeGreaterThan(3 << 20);
    const fromFile = summaryToJson(summariseLogFile(path));
    expect(fromFile).toEqual(summaryToJson(summariseLog(text)));
  });

  it('copes with no final newline, CRLF, unstamped and unknown lines, and a line longer than a chunk', () => {
    const odd = 'starting\r\nquery 1 7f000001:0035:0001 1 a.test.\r\nmerge x\n\nwhatever\n' +
      `query 2 7f000001:0035:0002 16 ${'x'.repeat(3 << 20)}.\nquery 3 zz:1:1 1 b.test.`;
    const path = join(dir, 'odd');
    writeFileSync(path, odd);
    for (const s of [summariseLog(odd), summariseLogFile(path)]) {
      expect(s.lines).toBe(6);
      expect(s.queries).toBe(3);
      expect(Object.fromEntries(s.perClient)).toEqual({ '127.0.0.1': 2, '?': 1 });
      expect(s.nameCounts().get('a.test.')).toBe(1);
      expect(s.nameCounts().get('b.test.')).toBe(1);
      expect(Object.fromEntries(s.kinds)).toMatchObject({ query: 3, merge: 1, whatever: 1 });
    }
  });

  it('skips a stamp whose nanosecond field is over 999999999 for the from/to line', () => {
    const good = (i: number) => formatTai64n({ unixSeconds: 1_700_000_000 + i, nanoseconds: i });
    const bad = '@4000000065535f7ac3d0a9f6'; // nanoseconds 3285232118
    const text = [`${bad} starting`, `${good(1)} query 1 7f000001:0001:0001 1 a.test.`, `${good(2)} stats 1 0 0 0`, `${bad} stats 1 0 0 0`, ''].join('\n');
    const path = join(dir, 'bad-stamps');
    writeFileSync(path, text);
    for (const s of [summariseLog(text), summariseLogFile(path)]) {
      expect([s.firstStamp, s.lastStamp]).toEqual([good(1), good(2)]);
      const from = renderSummaryText(s).split('\n')[1];
      expect(from).toMatch(/^from 2023-11-14 \d\d:\d\d:21\.000000001 to 2023-11-14 \d\d:\d\d:22\.000000002$/);
    }
    // a summary made elsewhere with such a stamp shows it raw
    const raw = renderSummaryText({ ...summariseLog(text), firstStamp: bad }).split('\n')[1];
    expect(raw).toMatch(new RegExp(`^from ${bad} to 2023-11-14`));
  });

  it('renders text for people and JSON for programs', () => {
    const s = summariseLog(makeLog(10));
    const lines = renderSummaryText(s, 2).split('\n');
    expect(lines[0]).toBe('lines: 17  queries: 10');
    expect(lines[1]).toMatch(/^from 2023-11-14 \d\d:\d\d:21\.000000001 to 2023-11-14 \d\d:\d\d:30\.000000010$/);
    expect(lines).toContain('clients:');
    expect(lines).toContain('         4  10.0.0.2');
    const json = JSON.parse(JSON.stringify(summaryToJson(s, 2)));
    expect(json.perClient).toEqual([['10.0.0.2', 4], ['127.0.0.1', 3]]); // a tie goes by name
    expect(json.clients).toBe(3);
    expect(json.distinctNames).toBe(10);
    expect(json.stats).toBeNull();
  });

  it('summarises an empty log', () => {
    const s = summariseLog('');
    expect(s.lines).toBe(0);
    expect(s.queries).toBe(0);
    expect(s.topNames).toEqual([]);
    expect(renderSummaryText(s)).toContain('lines: 0  queries: 0');
  });
});
