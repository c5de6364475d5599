// Summarise dnscache logs: who asks, for what, and what failed, as text for people and JSON.
// The files are read in one reused buffer (touching fresh memory for a whole 70 MB file costs
// more than the scan) and counted by log-scanner.ts, built to beat awk on a million lines.

import { closeSync, fstatSync, readSync } from 'node:fs';
import { openOwnFile } from '../own-paths.js';
import { formatLocal, parseTai64n, startsWithStamp } from '../daemontools/tai64n.js';
import { byCountDescending } from './byte-counter.js';
import { KNOWN_KINDS, type KnownKind, LogScanner, primeLogScanner, type StatsLine } from './log-scanner.js';
import { queryTypeName } from './query-types.js';
import { firstLineFrom } from './stamp-search.js';

export type { StatsLine };

export interface LogSummary {
  /** Non-empty lines read. */
  lines: number;
  queries: number;
  /** Client IP (dotted; `?` when not 8 hex digits) → queries, most active first. */
  perClient: Map<string, number>;
  /** Query type name (`a`, `aaaa`, `65280`) → queries, most asked first. */
  types: Map<string, number>;
  /** How many different names were asked for. */
  distinctNames: number;
  /** Every query name as logged (`www.example.test.`) → queries; built when asked for. */
  nameCounts(): Map<string, number>;
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

const NEWLINE = 10;
/** Small enough to stay in the CPU's cache between read and scan, and to pass through every
 *  path out of the scan loop long before V8 compiles it. */
const CHUNK = 1 << 18;


function summaryOf(scanned: LogScanner, top: number): LogSummary {
  const known: Record<KnownKind, number> = Object.fromEntries(KNOWN_KINDS.map((kind, i) => [kind, scanned.kinds[i]])) as Record<KnownKind, number>;
  const kinds = new Map<string, number>();
  const all: Array<[string, number]> = [['query', scanned.queries], ...Object.entries(known), ...scanned.otherKinds];
  for (const [keyword, n] of all.sort(byCountDescending)) if (n > 0) kinds.set(keyword, (kinds.get(keyword) ?? 0) + n);
  const types = scanned.typesSeen.map((t): [string, number] => [queryTypeName(t), scanned.types[t]]);
  const summary: LogSummary = {
    lines: scanned.lines,
    queries: scanned.queries,
    perClient: new Map(scanned.clients.entries().map(([ip, n]): [string, number] => [ip < 0 ? '?' : ipFromNumber(ip), n]).sort(byCountDescending)),
    types: new Map(types.sort(byCountDescending)),
    distinctNames: scanned.names.distinct,
    nameCounts: () => scanned.names.toMap(),
    topNames: scanned.names.top(top),
    kinds,
    errors: { servfail: known.servfail, drop: known.drop, lame: known.lame, nxdomain: known.nxdomain },
  };
  if (scanned.stats) summary.stats = scanned.stats;
  if (scanned.firstStamp !== undefined) summary.firstStamp = scanned.firstStamp;
  if (scanned.lastStamp !== undefined) summary.lastStamp = scanned.lastStamp;
  return summary;
}

/** One pass over a whole log held in memory. */
export function summariseLog(input: Uint8Array | string, top = 10): LogSummary {
  const scanner = new LogScanner();
  scanner.scan(typeof input === 'string' ? Buffer.from(input, 'latin1') : Buffer.from(input.buffer, input.byteOffset, input.length));
  return summaryOf(scanner, top);
}

/**
 * One pass over log files taken in order (a 70 MB log never sits in memory); with `since` (a
 * multilog label), each file from its first line stamped at or after it.
 */
export function summariseLogFiles(paths: string[], top = 10, since?: string): LogSummary {
  primeLogScanner();
  const scanner = new LogScanner();
  const buf = Buffer.allocUnsafe(CHUNK);
  for (const path of paths) scanFile(scanner, path, buf, since);
  return summaryOf(scanner, top);
}

export function summariseLogFile(path: string, top = 10): LogSummary {
  return summariseLogFiles([path], top);
}

/** Read a file in chunks into `buffer` (or a bigger one for a line longer than it), scanning whole lines. */
function scanFile(scanner: LogScanner, path: string, buffer: Buffer, since?: string): void {
  const fd = openOwnFile(path); // the log account owns log/main: never read through a link it planted
  try {
    let position = since === undefined ? 0 : firstLineFrom(fd, fstatSync(fd).size, since);
    let buf = buffer;
    let kept = 0; // bytes of an unfinished line carried to the front
    for (;;) {
      if (kept === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2); // one line longer than the chunk
        buf.copy(bigger, 0, 0, kept);
        buf = bigger;
      }
      const n = readSync(fd, buf, kept, buf.length - kept, position);
      position += n;
      const filled = kept + n;
      if (n === 0) {
        scanner.scanInSlices(buf, 0, filled);
        return;
      }
      const lastNewline = buf.lastIndexOf(NEWLINE, filled - 1);
      if (lastNewline < 0) {
        kept = filled;
        continue;
      }
      scanner.scanInSlices(buf, 0, lastNewline + 1);
      kept = filled - lastNewline - 1;
      buf.copy(buf, 0, lastNewline + 1, filled);
    }
  } finally {
    closeSync(fd);
  }
}

function ipFromNumber(ip: number): string {
  return `${Math.floor(ip / 16777216)}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/** A plain-text report, for people. */
export function renderSummaryText(summary: LogSummary, top = 10): string {
  const out: string[] = [];
  out.push(`lines: ${summary.lines}  queries: ${summary.queries}`);
  if (summary.firstStamp && summary.lastStamp) {
    const local = (stamp: string) => (startsWithStamp(stamp) ? formatLocal(parseTai64n(stamp)) : stamp);
    out.push(`from ${local(summary.firstStamp)} to ${local(summary.lastStamp)}`);
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
    distinctNames: summary.distinctNames,
    topNames: summary.topNames.slice(0, top),
    kinds: [...summary.kinds],
    stats: summary.stats ?? null,
    errors: summary.errors,
    firstStamp: summary.firstStamp ?? null,
    lastStamp: summary.lastStamp ?? null,
  };
}
