// The hot loop of logStats: one pass over the bytes of a dnscache log, counting as it goes.
//
// Written for a million lines in less time than awk takes, Node's start included, which
// means the loop must be fast before V8 has optimised it, and must stay optimised once it is:
// - each line's end is found by Buffer#indexOf (memchr), the rest by a few byte tests;
// - the loop is small, so V8 compiles it quickly, and it is fed the log in small chunks, so
//   every path out of it has run before it is compiled (a path that has never run sends
//   optimised code back to the interpreter);
// - counts live in typed arrays and open-addressing tables sized for a busy cache up front,
//   so no field is replaced while the loop runs (that, too, throws compiled code away);
// - `primeLogScanner` runs the loop over a sample with every kind of line before the real
//   log, so the first compiled version already knows every path.

import { startsWithStamp } from '../daemontools/tai64n.js';
import { ByteCounter, FNV_OFFSET, FNV_PRIME, IntCounter } from './byte-counter.js';

export interface StatsLine {
  queries: number;
  cacheMotion: number;
  udpActive: number;
  tcpActive: number;
}

/** Keywords counted by index (`query` has its own counter); anything else goes to a Map. */
export const KNOWN_KINDS = ['sent', 'cached', 'tx', 'rr', 'nxdomain', 'nodata', 'servfail', 'drop', 'lame', 'stats'] as const;
export type KnownKind = (typeof KNOWN_KINDS)[number];
const SENT = 0, CACHED = 1, TX = 2, RR = 3, NXDOMAIN = 4, NODATA = 5, SERVFAIL = 6, DROP = 7, LAME = 8, STATS = 9;

const HEX = new Int16Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[97 + i] = HEX[65 + i] = 10 + i;

const NEWLINE = 10;
const SPACE = 32;
const AT = 64;
/** scan() is called on slices of about this many bytes: short calls, so the code after the loop runs early and often. */
const SLICE = 1 << 14;
/** `@` and 24 hex digits: multilog's TAI64N stamp, then a space. */
const STAMP_LENGTH = 25;

export class LogScanner {
  lines = 0;
  queries = 0;
  readonly kinds = new Float64Array(KNOWN_KINDS.length);
  readonly otherKinds = new Map<string, number>();
  /** Client IPv4 as a number (-1 when not 8 hex digits) → queries. */
  readonly clients = new IntCounter();
  /** Query type number → queries. */
  readonly types = new Float64Array(65536);
  /** The query type numbers seen, in order of first appearance. */
  readonly typesSeen: number[] = [];
  /** Query name bytes → queries. */
  readonly names = new ByteCounter();
  /** The numbers of the last `stats` line (all 0 before one is seen). */
  private readonly lastStats = new Float64Array(4);
  firstStamp: string | undefined = undefined;
  lastStamp: string | undefined = undefined;

  /** Count the lines of buf[from, to); a last line without a newline counts as a line. */
  scan(buf: Buffer, from = 0, to = buf.length): void {
    const kinds = this.kinds;
    let lines = 0;
    let queries = 0;
    let firstStamp = -1;
    let lastStamp = -1;
    let pos = from;
    while (pos < to) {
      let end = buf.indexOf(NEWLINE, pos);
      if (end < 0 || end > to) end = to;
      let p = pos;
      pos = end + 1;
      if (p === end) continue;
      lines++;
      // multilog's stamp: "@", 24 hex digits, a space; the digits are checked only in the
      // first and last stamps, the ones reported
      if (buf[p] === AT && p + STAMP_LENGTH < end && buf[p + STAMP_LENGTH] === SPACE) {
        if (firstStamp < 0) firstStamp = p;
        lastStamp = p;
        p += STAMP_LENGTH + 1;
      }
      const c = buf[p];
      if (c === 113 /* q */ && buf[p + 5] === SPACE && buf[p + 4] === 121 /* y */) {
        queries++;
        this.countQuery(buf, p + 6, end);
        continue;
      }
      let k = p;
      while (k < end && buf[k] !== SPACE) k++;
      const kind = knownKind(buf, p, k - p);
      if (kind < 0) this.countOther(buf, p, k);
      else {
        kinds[kind]++;
        if (kind === STATS) readStats(buf, k + 1, end, this.lastStats);
      }
    }
    this.lines += lines;
    this.queries += queries;
    if (firstStamp >= 0 && this.firstStamp === undefined) this.firstStamp = stampAt(buf, firstStamp) ?? validStampIn(buf, firstStamp, to, true);
    if (lastStamp >= 0) this.lastStamp = stampAt(buf, lastStamp) ?? validStampIn(buf, from, to, false) ?? this.lastStamp;
  }

  /** The last `stats` line, if any. */
  get stats(): StatsLine | undefined {
    if (this.kinds[STATS] === 0) return undefined;
    const [queries, cacheMotion, udpActive, tcpActive] = this.lastStats;
    return { queries, cacheMotion, udpActive, tcpActive };
  }

  /** query SERIAL CLIENTHEX:PORT:ID TYPE NAME, from p (just after "query ") to the line's end. */
  private countQuery(buf: Buffer, p: number, end: number): void {
    const types = this.types;
    while (p < end && buf[p] !== SPACE) p++;
    p++;
    let ip = 0;
    let i = 0;
    for (; i < 8 && p < end; i++, p++) {
      const digit = HEX[buf[p]];
      if (digit < 0) break;
      ip = ip * 16 + digit;
    }
    this.clients.add(i === 8 ? ip : -1);
    while (p < end && buf[p] !== SPACE) p++;
    p++;
    let type = 0;
    let digit = 0;
    while (p < end && (digit = buf[p] - 48) >= 0 && digit <= 9) {
      type = type * 10 + digit;
      p++;
    }
    if (type < 65536 && types[type]++ === 0) this.typesSeen.push(type);
    if (p < end && buf[p] === SPACE) p++;
    const nameEnd = buf[end - 1] === 13 /* CR of a CRLF log */ ? end - 1 : end;
    let hash = FNV_OFFSET;
    for (let k = p; k < nameEnd; k++) hash = Math.imul(hash ^ buf[k], FNV_PRIME);
    this.names.add(buf, p, nameEnd, hash);
  }

  /** scan() in slices of about SLICE bytes, each ending at a line's end. */
  scanInSlices(buf: Buffer, from: number, to: number): void {
    for (let start = from; start < to;) {
      let end = to;
      if (to - start > SLICE) {
        const newline = buf.indexOf(NEWLINE, start + SLICE);
        if (newline >= 0 && newline < to) end = newline + 1;
      }
      this.scan(buf, start, end);
      start = end;
    }
  }

  private countOther(buf: Buffer, start: number, end: number): void {
    const keyword = buf.toString('latin1', start, end);
    this.otherKinds.set(keyword, (this.otherKinds.get(keyword) ?? 0) + 1);
  }
}

/** The index in KNOWN_KINDS of the keyword buf[p, p+length), or -1. */
function knownKind(buf: Buffer, p: number, length: number): number {
  const c = buf[p];
  switch (length) {
    case 2:
      if (c === 114 /* r */ && buf[p + 1] === 114) return RR;
      if (c === 116 /* t */ && buf[p + 1] === 120) return TX;
      return -1;
    case 4:
      if (c === 115 /* s */) return same(buf, p, SENT) ? SENT : -1;
      if (c === 100 /* d */) return same(buf, p, DROP) ? DROP : -1;
      if (c === 108 /* l */) return same(buf, p, LAME) ? LAME : -1;
      return -1;
    case 5:
      return same(buf, p, STATS) ? STATS : -1;
    case 6:
      if (c === 99 /* c */) return same(buf, p, CACHED) ? CACHED : -1;
      if (c === 110 /* n */) return same(buf, p, NODATA) ? NODATA : -1;
      return -1;
    case 8:
      if (c === 110 /* n */) return same(buf, p, NXDOMAIN) ? NXDOMAIN : -1;
      if (c === 115 /* s */) return same(buf, p, SERVFAIL) ? SERVFAIL : -1;
      return -1;
    default:
      return -1;
  }
}

const KEYWORD_BYTES = KNOWN_KINDS.map((kind) => Buffer.from(kind, 'latin1'));

/** Whether buf at p holds the keyword of `kind` (its first byte already matched). */
function same(buf: Buffer, p: number, kind: number): boolean {
  const bytes = KEYWORD_BYTES[kind];
  for (let i = 1; i < bytes.length; i++) if (buf[p + i] !== bytes[i]) return false;
  return true;
}

/** The stamp at p as text, if it is `@` and 24 hex digits. */
function stampAt(buf: Buffer, p: number): string | undefined {
  for (let i = p + 1; i < p + STAMP_LENGTH; i++) if (HEX[buf[i]] < 0) return undefined;
  const stamp = buf.toString('latin1', p, p + STAMP_LENGTH);
  return startsWithStamp(stamp) ? stamp : undefined; // a nanosecond field over 999999999 is no time
}

/** The first (or last) valid stamp of the lines in buf[from, to): the rare path, when the first or last one is not. */
function validStampIn(buf: Buffer, from: number, to: number, first: boolean): string | undefined {
  let found: string | undefined;
  for (let pos = from; pos < to; ) {
    let end = buf.indexOf(NEWLINE, pos);
    if (end < 0 || end > to) end = to;
    const p = pos;
    pos = end + 1;
    if (buf[p] !== AT || p + STAMP_LENGTH >= end || buf[p + STAMP_LENGTH] !== SPACE) continue;
    const stamp = stampAt(buf, p);
    if (stamp !== undefined && first) return stamp;
    found = stamp ?? found;
  }
  return found;
}

/** stats QUERIES CACHEMOTION UDPACTIVE TCPACTIVE: the four numbers into `into`. */
function readStats(buf: Buffer, from: number, end: number, into: Float64Array): void {
  into.fill(0);
  let field = 0;
  for (let p = from; p < end && field < 4; p++) {
    const ch = buf[p];
    if (ch === SPACE) field++;
    else if (ch >= 48 && ch <= 57) into[field] = into[field] * 10 + (ch - 48);
  }
}

/** One of each kind of line dnscache writes, stamped and not, for primeLogScanner. */
const SAMPLE = Buffer.from([
  'starting',
  '@400000006500000000000001 query 1 7f000001:0035:0001 1 www.example.test.',
  '@400000006500000000000002 cached 1 www.example.test.',
  '@400000006500000000000003 sent 1 50',
  '@400000006500000000000004 tx 0 1 www.example.test. example.test. c0000201',
  '@400000006500000000000005 rr c0000201 86400 1 www.example.test. 0a000001',
  '@400000006500000000000006 nxdomain c0000201 2560 nx.example.test.',
  '@400000006500000000000007 nodata c0000201 2560 28 www.example.test.',
  '@400000006500000000000008 servfail www.example.test. input/output error',
  '@400000006500000000000009 drop 2 timed out',
  '@40000000650000000000000a lame c0000201 example.test. example.test.',
  '@40000000650000000000000b stats 2 74 1 0',
  '@40000000650000000000000c query 3 zz:0035:0003 65280 odd.test.',
  '@40000000650000000000000d merge x',
  'query 4 0a000002:0035:0004 28 mail.example.test.',
].join('\n') + '\n', 'latin1');

/**
 * Run the loop over SAMPLE often enough that V8 keeps feedback for every path in it (it
 * starts keeping feedback only after a function has run a few times). About 0.2 ms.
 */
export function primeLogScanner(): void {
  const scanner = new LogScanner();
  for (let i = 0; i < 12; i++) scanner.scan(SAMPLE);
}
