// Summarise a dnscache log in one pass over its bytes: who asks, for what, and what failed.
// Built for big logs (a million lines as fast as awk): no regex or split per line, hex IPs
// decoded by table, names counted by hash without a string each, files read in reused chunks
// (touching fresh memory for a whole 70 MB file costs more than the scan itself).

import { closeSync, openSync, readSync } from 'node:fs';
import { formatLocal, parseTai64n } from '../daemontools/tai64n.js';
import { ByteCounter, FNV_OFFSET, FNV_PRIME, IntCounter } from './byte-counter.js';
import { queryTypeName } from './query-types.js';

export interface StatsLine {
  queries: number;
  cacheMotion: number;
  udpActive: number;
  tcpActive: number;
}

export interface LogSummary {
  /** Non-empty lines read. */
  lines: number;
  queries: number;
  /** Client IP (dotted; `?` when not 8 hex digits) → queries, most active first. */
  perClient: Map<string, number>;
  /** Query type name (`a`, `aaaa`, `65280`) → queries, most asked first. */
  types: Map<string, number>;
  /** Query name as logged (`www.example.test.`) → queries. */
  names: Map<string, number>;
  /** The `top` most asked names, most asked first. */
  topNames: Array<[string, number]>;
  /** Lines per leading keyword (`query`, `sent`, `rr`, `tx`, `cached`, …), most first. */
  kinds: Map<string, number>;
  /** The last `stats` line, if any. */
  stats?: StatsLine;
  errors: { servfail: number; drop: number; lame: number; nxdomain: number };
  /** Multilog stamps of the first and last stamped lines. */
  firstStamp?: string;
  lastStamp?: string;
}

const HEX = new Int16Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[97 + i] = HEX[65 + i] = 10 + i;

const SPACE = 32;
const NEWLINE = 10;
const CHUNK = 1 << 22;

/** Most first; ties by key, so reports are stable. */
const byCountDescending = (a: [string, number], b: [string, number]) =>
  b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Feed it whole lines, chunk after chunk; ask for the summary at the end. */
export class LogSummariser {
  private lines = 0;
  private queries = 0;
  private readonly clients = new IntCounter();
  private readonly typeCounts = new Float64Array(65536);
  private readonly names = new ByteCounter();
  private readonly otherKinds = new Map<string, number>();
  private readonly known = {
    sent: 0, cached: 0, tx: 0, rr: 0, nxdomain: 0, nodata: 0, servfail: 0, drop: 0, lame: 0, stats: 0,
  };
  private stats: StatsLine | undefined;
  private firstStamp: string | undefined;
  private lastStamp: string | undefined;

  /** Scan buf[from, to): complete lines only (a last line without newline counts as complete). */
  scan(buf: Uint8Array, from = 0, to = buf.length): void {
    const clients = this.clients;
    const typeCounts = this.typeCounts;
    const names = this.names;
    const known = this.known;
    let lines = 0;
    let queries = 0;
    let lastStamp = -1;
    let pos = from;
    while (pos < to) {
      let p = pos;
      if (buf[p] === NEWLINE) {
        pos++;
        continue;
      }
      lines++;
      if (buf[p] === 64 /* @ */ && isStamp(buf, p, to)) {
        if (this.firstStamp === undefined) this.firstStamp = latin1(buf, p, p + 25);
        lastStamp = p;
        p += 26;
      }
      const c = buf[p];
      if (c === 113 /* q */ && buf[p + 5] === SPACE && buf[p + 4] === 121 /* y */) {
        // query SERIAL CLIENTHEX:PORT:ID TYPE NAME
        queries++;
        p += 6;
        while (p < to && buf[p] !== SPACE && buf[p] !== NEWLINE) p++;
        p++;
        let ip = 0;
        let i = 0;
        for (; i < 8 && p + i < to; i++) {
          const v = HEX[buf[p + i]];
          if (v < 0) break;
          ip = ip * 16 + v;
        }
        if (i !== 8) ip = -1;
        clients.add(ip);
        p += i;
        while (p < to && buf[p] !== SPACE && buf[p] !== NEWLINE) p++;
        p++;
        let type = 0;
        let digit = 0;
        while (p < to && (digit = buf[p] - 48) >= 0 && digit <= 9) {
          type = type * 10 + digit;
          p++;
        }
        if (type < 65536) typeCounts[type]++;
        if (p < to && buf[p] === SPACE) p++;
        // the name runs to the end of the line: hash it on the way there
        const start = p;
        let hash = FNV_OFFSET;
        let ch = 0;
        while (p < to && (ch = buf[p]) !== NEWLINE) {
          hash = Math.imul(hash ^ ch, FNV_PRIME);
          p++;
        }
        names.add(buf, start, p, hash);
        pos = p + 1;
        continue;
      }
      let end = buf.indexOf(NEWLINE, p);
      if (end < 0 || end > to) end = to;
      pos = end + 1;
      let k = p;
      while (k < end && buf[k] !== SPACE) k++;
      switch (k - p) {
        case 2:
          if (c === 114 /* r */) { known.rr++; continue; }
          if (c === 116 /* t */) { known.tx++; continue; }
          break;
        case 4:
          if (c === 115 /* s */) { known.sent++; continue; }
          if (c === 100 /* d */) { known.drop++; continue; }
          if (c === 108 /* l */) { known.lame++; continue; }
          break;
        case 5:
          if (c === 115 /* s */ && buf[p + 1] === 116 /* t */) {
            known.stats++;
            this.stats = readStats(buf, k + 1, end);
            continue;
          }
          break;
        case 6:
          if (c === 99 /* c */) { known.cached++; continue; }
          if (c === 110 /* n */) { known.nodata++; continue; }
          break;
        case 8:
          if (c === 110 /* n */) { known.nxdomain++; continue; }
          if (c === 115 /* s */ && buf[p + 1] === 101 /* e */) { known.servfail++; continue; }
          break;
      }
      const keyword = latin1(buf, p, k);
      this.otherKinds.set(keyword, (this.otherKinds.get(keyword) ?? 0) + 1);
    }
    this.lines += lines;
    this.queries += queries;
    if (lastStamp >= 0) this.lastStamp = latin1(buf, lastStamp, lastStamp + 25);
  }

  summary(top = 10): LogSummary {
    const k = this.known;
    const kinds = new Map<string, number>();
    const all: Array<[string, number]> = [['query', this.queries], ...Object.entries(k), ...this.otherKinds];
    for (const [keyword, n] of all.sort(byCountDescending)) if (n > 0) kinds.set(keyword, (kinds.get(keyword) ?? 0) + n);
    const types: Array<[string, number]> = [];
    for (let t = 0; t < 65536; t++) if (this.typeCounts[t] > 0) types.push([queryTypeName(t), this.typeCounts[t]]);
    const names = this.names.toMap();
    const summary: LogSummary = {
      lines: this.lines,
      queries: this.queries,
      perClient: new Map(this.clients.entries().map(([ip, n]): [string, number] => [ip < 0 ? '?' : ipFromNumber(ip), n]).sort(byCountDescending)),
      types: new Map(types.sort(byCountDescending)),
      names,
      topNames: topEntries(names, top),
      kinds,
      errors: { servfail: k.servfail, drop: k.drop, lame: k.lame, nxdomain: k.nxdomain },
    };
    if (this.stats) summary.stats = this.stats;
    if (this.firstStamp !== undefined) summary.firstStamp = this.firstStamp;
    if (this.lastStamp !== undefined) summary.lastStamp = this.lastStamp;
    return summary;
  }
}

/** One pass over a whole log held in memory. */
export function summariseLog(input: Uint8Array | string, top = 10): LogSummary {
  const summariser = new LogSummariser();
  summariser.scan(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
  return summariser.summary(top);
}

/** One pass over a log file, read in reused 4 MiB chunks (a 70 MB log never sits in memory). */
export function summariseLogFile(path: string, top = 10): LogSummary {
  const summariser = new LogSummariser();
  const fd = openSync(path, 'r');
  try {
    let buf: Buffer = Buffer.allocUnsafe(CHUNK);
    let kept = 0; // bytes of an unfinished line carried to the front
    for (;;) {
      if (kept === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2); // one line longer than the chunk
        buf.copy(bigger, 0, 0, kept);
        buf = bigger;
      }
      const n = readSync(fd, buf, kept, buf.length - kept, null);
      const filled = kept + n;
      if (n === 0) {
        summariser.scan(buf, 0, filled);
        break;
      }
      const lastNewline = buf.lastIndexOf(NEWLINE, filled - 1);
      if (lastNewline < 0) {
        kept = filled;
        continue;
      }
      summariser.scan(buf, 0, lastNewline + 1);
      kept = filled - lastNewline - 1;
      buf.copy(buf, 0, lastNewline + 1, filled);
    }
  } finally {
    closeSync(fd);
  }
  return summariser.summary(top);
}

function latin1(buf: Uint8Array, start: number, end: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1');
}

function isStamp(buf: Uint8Array, p: number, to: number): boolean {
  if (p + 25 >= to || buf[p + 25] !== SPACE) return false;
  for (let i = p + 1; i < p + 25; i++) if (HEX[buf[i]] < 0) return false;
  return true;
}

function readStats(buf: Uint8Array, from: number, end: number): StatsLine {
  const values = [0, 0, 0, 0];
  let field = 0;
  for (let p = from; p < end && field < 4; p++) {
    const ch = buf[p];
    if (ch === SPACE) field++;
    else if (ch >= 48 && ch <= 57) values[field] = values[field] * 10 + (ch - 48);
  }
  return { queries: values[0], cacheMotion: values[1], udpActive: values[2], tcpActive: values[3] };
}

function ipFromNumber(ip: number): string {
  return `${Math.floor(ip / 16777216)}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/** The n largest entries without sorting the whole map. */
function topEntries(counts: Map<string, number>, n: number): Array<[string, number]> {
  const best: Array<[string, number]> = [];
  if (n <= 0) return best;
  for (const entry of counts) {
    if (best.length < n) {
      best.push(entry);
      if (best.length === n) best.sort(byCountDescending);
    } else if (byCountDescending(entry, best[n - 1]) < 0) {
      let i = n - 1;
      while (i > 0 && byCountDescending(entry, best[i - 1]) < 0) i--;
      best.splice(i, 0, entry);
      best.pop();
    }
  }
  if (best.length < n) best.sort(byCountDescending);
  return best;
}

/** A plain-text report, for people. */
export function renderSummaryText(summary: LogSummary, top = 10): string {
  const out: string[] = [];
  out.push(`lines: ${summary.lines}  queries: ${summary.queries}`);
  if (summary.firstStamp && summary.lastStamp) {
    out.push(`from ${formatLocal(parseTai64n(summary.firstStamp))} to ${formatLocal(parseTai64n(summary.lastStamp))}`);
  }
  const e = summary.errors;
  out.push(`servfail: ${e.servfail}  drop: ${e.drop}  lame: ${e.lame}  nxdomain: ${e.nxdomain}`);
  if (summary.stats) {
    const s = summary.stats;
    out.push(`last stats: ${s.queries} queries, cache motion ${s.cacheMotion}, ${s.udpActive} UDP and ${s.tcpActive} TCP active`);
  }
  const table = (title: string, rows: Iterable<[string, number]>) => {
    out.push(`${title}:`);
    let i = 0;
    for (const [key, n] of rows) {
      if (i++ >= top) break;
      out.push(`${String(n).padStart(10)}  ${key}`);
    }
  };
  table('clients', summary.perClient);
  table('types', summary.types);
  table('names', summary.topNames);
  table('lines by kind', summary.kinds);
  return out.join('\n') + '\n';
}

/** A JSON-ready object (Maps become arrays of [key, count], most first). */
export function summaryToJson(summary: LogSummary, top = 10) {
  const head = (m: Iterable<[string, number]>) => [...m].slice(0, top);
  return {
    lines: summary.lines,
    queries: summary.queries,
    clients: summary.perClient.size,
    perClient: head(summary.perClient),
    types: [...summary.types],
    distinctNames: summary.names.size,
    topNames: summary.topNames.slice(0, top),
    kinds: [...summary.kinds],
    stats: summary.stats ?? null,
    errors: summary.errors,
    firstStamp: summary.firstStamp ?? null,
    lastStamp: summary.lastStamp ?? null,
  };
}
