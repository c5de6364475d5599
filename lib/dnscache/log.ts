// One dnscache log line (log.c in djbdns 1.05) to a typed record.
// IPs are logged as 8 hex digits in network order (7f350001 = 127.53.0.1), ports and query
// ids as 4 hex digits, query types as decimal numbers, names lower-cased with a trailing dot.

import { queryTypeName, queryTypeNumber } from './query-types.js';

export interface Stamped {
  /** The multilog `@` + 24 hex digits stamp, when the line had one. */
  stamp?: string;
}

export type DnscacheLogRecord = Stamped &
  (
    | { kind: 'starting' }
    | { kind: 'query'; serial: number; client: string; port: number; id: number; type: string; name: string }
    | { kind: 'sent'; serial: number; bytes: number }
    | { kind: 'drop'; serial: number; reason: string }
    | { kind: 'stats'; queries: number; cacheMotion: number; udpActive: number; tcpActive: number }
    | { kind: 'tx'; gluelessness: number; type: string; name: string; control: string; servers: string[] }
    | { kind: 'rr'; server: string; ttl: number; type: string; name: string; data: string }
    | { kind: 'cached'; type: string; name: string; data?: string }
    | { kind: 'nxdomain'; server: string; ttl: number; name: string }
    | { kind: 'nodata'; server: string; ttl: number; type: string; name: string }
    | { kind: 'servfail'; name: string; reason: string }
    | { kind: 'lame'; server: string; control: string; referral: string }
    | { kind: 'tcpopen'; client: string; port: number }
    | { kind: 'tcpclose'; client: string; port: number; reason: string }
    | { kind: 'other'; keyword: string; fields: string[] }
  );

export type DnscacheLogKind = DnscacheLogRecord['kind'];

const hexValue = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) hexValue[48 + i] = i;
for (let i = 0; i < 6; i++) hexValue[97 + i] = hexValue[65 + i] = 10 + i;

/** `7f350001` → `127.53.0.1`; anything else is returned unchanged. */
export function decodeHexIp(hex: string): string {
  if (hex.length !== 8) return hex;
  const octets: number[] = [];
  for (let i = 0; i < 8; i += 2) {
    const hi = hexValue[hex.charCodeAt(i)] ?? -1;
    const lo = hexValue[hex.charCodeAt(i + 1)] ?? -1;
    if (hi < 0 || lo < 0) return hex;
    octets.push(hi * 16 + lo);
  }
  return octets.join('.');
}

/** `127.53.0.1` → `7f350001`, as dnscache writes it. */
export function encodeHexIp(ip: string): string {
  return ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join('');
}

/** A logged type: a decimal number, or the word log.c uses for ns/cname/ptr/mx/soa rr lines. */
function typeField(field: string | undefined): string {
  if (field === undefined) return '';
  return /^[0-9]+$/.test(field) ? queryTypeName(Number(field)) : field;
}

const num = (field: string | undefined) => (field === undefined ? NaN : Number(field));
const hexNum = (field: string | undefined) => (field === undefined ? NaN : parseInt(field, 16));

function splitHostPort(field: string | undefined): [string, string[]] {
  const parts = (field ?? '').split(':');
  return [decodeHexIp(parts[0]), parts.slice(1)];
}

/** Parse one line (without its newline); null for an empty line. */
export function parseLogLine(line: string): DnscacheLogRecord | null {
  let text = line;
  let stamp: string | undefined;
  if (text.charCodeAt(0) === 64 /* @ */) {
    const space = text.indexOf(' ');
    stamp = space < 0 ? text : text.slice(0, space);
    text = space < 0 ? '' : text.slice(space + 1);
  }
  if (text === '') return stamp === undefined ? null : { stamp, kind: 'other', keyword: '', fields: [] };
  const f = text.split(' ');
  const record = parseFields(f);
  return stamp === undefined ? record : { stamp, ...record };
}

function parseFields(f: string[]): DnscacheLogRecord {
  const rest = (from: number) => f.slice(from).join(' ');
  switch (f[0]) {
    case 'starting':
      return { kind: 'starting' };
    case 'query': {
      const [client, [port, id]] = splitHostPort(f[2]);
      return { kind: 'query', serial: num(f[1]), client, port: hexNum(port), id: hexNum(id), type: typeField(f[3]), name: rest(4) };
    }
    case 'sent':
      return { kind: 'sent', serial: num(f[1]), bytes: num(f[2]) };
    case 'drop':
      return { kind: 'drop', serial: num(f[1]), reason: rest(2) };
    case 'stats':
      return { kind: 'stats', queries: num(f[1]), cacheMotion: num(f[2]), udpActive: num(f[3]), tcpActive: num(f[4]) };
    case 'tx':
      return {
        kind: 'tx', gluelessness: num(f[1]), type: typeField(f[2]), name: f[3] ?? '', control: f[4] ?? '',
        servers: f.slice(5).map(decodeHexIp),
      };
    case 'rr':
      return { kind: 'rr', server: decodeHexIp(f[1] ?? ''), ttl: num(f[2]), type: typeField(f[3]), name: f[4] ?? '', data: rest(5) };
    case 'cached': {
      // `cached 1 NAME`, `cached ns NAME NS`, `cached cname NAME TARGET`, `cached nxdomain NAME`
      const record: DnscacheLogRecord = { kind: 'cached', type: typeField(f[1]), name: f[2] ?? '' };
      if (f.length > 3) record.data = rest(3);
      return record;
    }
    case 'nxdomain':
      return { kind: 'nxdomain', server: decodeHexIp(f[1] ?? ''), ttl: num(f[2]), name: f[3] ?? '' };
    case 'nodata':
      return { kind: 'nodata', server: decodeHexIp(f[1] ?? ''), ttl: num(f[2]), type: typeField(f[3]), name: f[4] ?? '' };
    case 'servfail':
      return { kind: 'servfail', name: f[1] ?? '', reason: rest(2) };
    case 'lame':
      return { kind: 'lame', server: decodeHexIp(f[1] ?? ''), control: f[2] ?? '', referral: f[3] ?? '' };
    case 'tcpopen': {
      const [client, [port]] = splitHostPort(f[1]);
      return { kind: 'tcpopen', client, port: hexNum(port) };
    }
    case 'tcpclose': {
      const [client, [port]] = splitHostPort(f[1]);
      return { kind: 'tcpclose', client, port: hexNum(port), reason: rest(2) };
    }
    default:
      return { kind: 'other', keyword: f[0], fields: f.slice(1) };
  }
}

/** Parse a whole log text; empty lines are skipped. */
export function parseLog(text: string): DnscacheLogRecord[] {
  const records: DnscacheLogRecord[] = [];
  for (const line of text.split('\n')) {
    const record = parseLogLine(line);
    if (record) records.push(record);
  }
  return records;
}

export { queryTypeName, queryTypeNumber };
