// Typed tinydns records and their data lines, written the way tinydns-edit writes
// them (".zone:ip:a:259200", "@zone:ip:a::86400"); AAAA, SRV, CAA and any other type as generic lines.
import { InvalidInput, quote } from '../invalid-input.js';
import { txtRefusal } from './answer-size.js';
import { escapeBytes, escapeText, nameToWire } from './escape.js';
import { U32_MAX, parseDomainName, parseIPv4, parseIPv6, parseNumber, parseTtl } from '../names.js';

import { RECORD_ARGS, RECORD_KINDS, SOA_DEFAULTS, TTL_DEFAULT, TTL_NS, TYPE_AAAA, TYPE_CAA, TYPE_SRV, isRecordKind, type RecordKind } from './record-kinds.js';
import { dateToLabel } from './timestamps.js';
import { caaRdata, parseGenericData, parseGenericType } from './record-rdata.js';

export * from './record-decode.js';
export * from './record-kinds.js';
export { InvalidInput };

/** Fields every data line may end with: TTL, a TAI64 timestamp, and a location code (split horizon). */
interface LineTail {
  ttl?: number;
  timestamp?: string;
  location?: string;
}

export type RecordInput = LineTail &
  (
    | { kind: 'ns' | 'childns'; name: string; ip: string; server?: string }
    | { kind: 'host' | 'alias' | 'aaaa'; name: string; ip: string }
    | { kind: 'mx'; name: string; ip: string; distance?: number; server?: string }
    | { kind: 'cname' | 'ptr'; name: string; target: string }
    | { kind: 'txt'; name: string; text: string }
    | { kind: 'srv'; name: string; target: string; port: number; priority?: number; weight?: number }
    | { kind: 'soa'; name: string; primary: string; contact: string; serial?: number; refresh?: number; retry?: number; expire?: number; minimum?: number }
    | { kind: 'location'; name: string; prefix: string }
    | { kind: 'caa'; name: string; flags: number; tag: string; value: string }
    | { kind: 'generic'; name: string; type: number; data: string }
  );

/**
 * Words after a record's arguments that set the rest of its data line: ttl=N (the only way for
 * ns, childns, mx and soa), location=LO (served only to the clients of a "%LO:prefix" line),
 * ttd=DATE (the line ends then: a TTL of 0 and the stamp, as tinydns-data reads them),
 * start=DATE (the line is ignored before then), timestamp=TAI64 (16 hex digits, as written).
 * Read only after the required arguments, so a TXT text may itself be "ttl=5".
 */
export const TAIL_WORDS = ['ttl', 'location', 'timestamp'] as const;
export const TAIL_WORD = /^(ttl|location|timestamp|ttd|start)=/;

function splitTail(kind: string, args: readonly string[], min: number): { positional: string[]; tail: LineTail; stamp?: string } {
  const tail: LineTail = {};
  let stamp: string | undefined;
  let end = args.length;
  while (end > min && TAIL_WORD.test(args[end - 1])) end--;
  if (end === args.length) return { positional: args as string[], tail };
  const given = new Set<string>();
  for (const word of args.slice(end)) {
    const [key, value] = [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)];
    if (given.has(key)) throw new InvalidInput(`${kind}: ${key}= given twice`);
    given.add(key);
    if (key === 'ttl') tail.ttl = parseTtl(value);
    else if (key === 'location') tail.location = parseLocation(value);
    else {
      if (tail.timestamp !== undefined) throw new InvalidInput(`${kind}: one of timestamp=, ttd= and start= only (a line has one timestamp)`);
      tail.timestamp = key === 'timestamp' ? parseTimestamp(value) : dateToLabel(value, `${key} date`);
      stamp = key;
    }
  }
  if (kind === 'location' && end < args.length) throw new InvalidInput('location takes CODE IPPREFIX only: a "%" line has no TTL, timestamp or location');
  return { positional: args.slice(0, end), tail, stamp };
}

/** A location code of a "%" line: 1 or 2 letters or digits (tinydns-data keeps only 2 bytes). */
export function parseLocation(value: string): string {
  if (!/^[A-Za-z0-9]{1,2}$/.test(value)) throw new InvalidInput(`bad location ${quote(value)}: expected 1 or 2 letters or digits`);
  return value;
}

/** A TAI64 label: 16 lowercase hex digits (tinydns-data refuses "A"-"F"). */
export function parseTimestamp(value: string): string {
  if (!/^[0-9a-f]{16}$/.test(value)) throw new InvalidInput(`bad timestamp ${quote(value)}: expected 16 lowercase hex digits (a TAI64 label)`);
  return value;
}

export function recordFromArgs(kind: string, args: readonly string[]): RecordInput {
  if (!isRecordKind(kind)) {
    throw new InvalidInput(`unknown record kind ${quote(kind)}: expected one of ${RECORD_KINDS.join(', ')}`);
  }
  const usage = RECORD_ARGS[kind];
  const min = usage.split(' ').filter((w) => !w.startsWith('[')).length;
  const max = usage.split(' ').length;
  const { positional, tail, stamp } = splitTail(kind, args, min);
  if (positional.length < min || positional.length > max) {
    throw new InvalidInput(`${kind} takes ${usage}, got ${positional.length} argument${positional.length === 1 ? '' : 's'}`);
  }
  const [name, second, third, fourth, fifth, sixth] = positional;
  checkLeadingFields(kind, positional);
  const ttl = (value: string | undefined) => (value === undefined ? undefined : parseTtl(value));
  let record: RecordInput;
  switch (kind) {
    case 'ns':
    case 'childns':
      record = { kind, name, ip: second, server: third };
      break;
    case 'host':
    case 'alias':
    case 'aaaa':
      record = { kind, name, ip: second, ttl: ttl(third) };
      break;
    case 'mx':
      record = { kind, name, ip: second, distance: third === undefined ? undefined : parseNumber(third, 'MX distance', 65535), server: fourth };
      break;
    case 'cname':
    case 'ptr':
      record = { kind, name, target: second, ttl: ttl(third) };
      break;
    case 'txt':
      record = { kind, name, text: second, ttl: ttl(third) };
      break;
    case 'srv':
      record = {
        kind,
        name,
        target: second,
        port: parseNumber(third, 'SRV port', 65535),
        priority: fourth === undefined ? undefined : parseNumber(fourth, 'SRV priority', 65535),
        weight: fifth === undefined ? undefined : parseNumber(fifth, 'SRV weight', 65535),
        ttl: ttl(sixth),
      };
      break;
    case 'soa': {
      const u32 = (value: string | undefined, what: string) => (value === undefined ? undefined : parseNumber(value, what, U32_MAX));
      record = {
        kind, name, primary: second, contact: parseContact(third), serial: u32(fourth, 'SOA serial'), refresh: u32(fifth, 'SOA refresh'),
        retry: u32(sixth, 'SOA retry'), expire: u32(positional[6], 'SOA expire'), minimum: u32(positional[7], 'SOA minimum'),
      };
      for (const key of ['serial', 'refresh', 'retry', 'expire', 'minimum'] as const) if (record[key] === undefined) delete record[key];
      break;
    }
    case 'location':
      record = { kind, name: parseLocation(name), prefix: parseIPPrefix(second) };
      break;
    case 'caa':
      record = { kind, name, flags: parseNumber(second, 'CAA flags', 255), tag: third, value: fourth, ttl: ttl(fifth) };
      break;
    case 'generic':
      record = { kind, name, type: parseGenericType(second), data: parseGenericData(third), ttl: ttl(fourth) };
      break;
  }
  if (tail.ttl !== undefined && record.ttl !== undefined) throw new InvalidInput(`${kind}: a TTL given twice (${record.ttl} and ttl=${tail.ttl})`);
  if (stamp === 'ttd') {
    const given = tail.ttl ?? record.ttl;
    if (given !== undefined && given !== 0) throw new InvalidInput(`${kind}: ttd= with a TTL of ${given}: tinydns reads a stamp with a TTL other than 0 as a start (start=DATE)`);
    tail.ttl = 0;
    delete record.ttl;
  } else if (stamp === 'start' && (tail.ttl ?? record.ttl) === 0) {
    throw new InvalidInput(`${kind}: start= with a TTL of 0: tinydns reads a stamp with a TTL of 0 as a time to die (ttd=DATE)`);
  }
  for (const key of TAIL_WORDS) if (tail[key] === undefined) delete tail[key];
  if (record.ttl === undefined) delete record.ttl;
  record = { ...record, ...tail };
  encodeRecord(record); // checks every field now, not when it is written
  return record;
}

/** The x field of ".", "&" and "@" lines: one label (x.ns.ZONE, x.mx.DOMAIN) or a full name. */
export function parseServer(value: string | undefined): string {
  if (value === undefined || value === '') return 'a';
  return value.includes('.') ? parseDomainName(value, 'server name') : parseDomainName(value, 'server label');
}

/**
 * A PTR name may be given as the IPv4 address it describes: a name of 4 labels that begins with
 * three numbers (10.0.2.x) is taken as a mistyped address, not as a name under a TLD "x".
 */
function ptrName(value: string): string {
  const labels = value.split('.');
  if (labels.length === 4 && labels.slice(0, 3).every((label) => /^[0-9]+$/.test(label))) {
    return parseIPv4(value).split('.').reverse().join('.') + '.in-addr.arpa';
  }
  return parseDomainName(value);
}

/**
 * The leading fields of KIND in the order they are given, so that a wrong word is named as what
 * it is (in "host bad test 1.2.3.4", the IP "test", not the TTL "1.2.3.4").
 */
function checkLeadingFields(kind: RecordKind, [name, second]: readonly string[]): void {
  if (kind === 'ptr') ptrName(name);
  else if (kind === 'location') parseLocation(name);
  else if (!((kind === 'ns') && name === '.')) parseDomainName(name, kind === 'ns' || kind === 'childns' ? 'zone' : 'domain name');
  if (kind === 'ns' || kind === 'childns' || kind === 'host' || kind === 'alias' || kind === 'mx') parseIPv4(second);
  else if (kind === 'aaaa') parseIPv6(second);
  else if (kind === 'cname' || kind === 'ptr' || kind === 'srv') parseDomainName(second, 'target');
  else if (kind === 'soa') parseDomainName(second, 'primary name server');
}

/** The contact of a SOA: a name (hostmaster.example.test) or a mail address (hostmaster@example.test). */
export function parseContact(value: string): string {
  const at = value.indexOf('@');
  if (at > 0 && !value.slice(0, at).includes('.')) return parseDomainName(`${value.slice(0, at)}.${value.slice(at + 1)}`, 'contact');
  return parseDomainName(value, 'contact');
}

/** The ipprefix of a "%" line: 0 to 4 octets ("" or "-": every client; "10.1": 10.1.*.*). */
export function parseIPPrefix(value: string): string {
  if (value === '' || value === '-') return '';
  const octets = value.split('.');
  if (octets.length > 4 || !octets.every((octet) => /^(0|[1-9][0-9]{0,2})$/.test(octet) && Number(octet) <= 255)) {
    throw new InvalidInput(`bad IP prefix ${quote(value)}: expected 1 to 4 numbers 0-255 without leading zeros, separated by dots (or "-": every client)`);
  }
  return value;
}

function checkTtl(ttl: number | undefined, fallback: number): number {
  if (ttl === undefined) return fallback;
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > U32_MAX) {
    throw new InvalidInput(`bad TTL ${quote(String(ttl))}: expected a number 0-${U32_MAX}`);
  }
  return ttl;
}

function check16(value: number | undefined, what: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new InvalidInput(`bad ${what} ${quote(String(value))}: expected a number 0-65535`);
  }
  return value;
}

export function srvRdata(priority: number, weight: number, port: number, target: string): Uint8Array {
  const wire = nameToWire(target);
  const rdata = new Uint8Array(6 + wire.length);
  const view = new DataView(rdata.buffer);
  view.setUint16(0, priority);
  view.setUint16(2, weight);
  view.setUint16(4, port);
  rdata.set(wire, 6);
  return rdata;
}

/** The data line (without newline) for a record; every field is checked and escaped. */
export function encodeRecord(r: RecordInput): string {
  const line = encodeFields(r);
  if (r.kind === 'location') return line;
  if (r.timestamp === undefined && r.location === undefined) return line;
  const timestamp = r.timestamp === undefined ? '' : parseTimestamp(r.timestamp);
  return r.location === undefined ? `${line}:${timestamp}` : `${line}:${timestamp}:${parseLocation(r.location)}`;
}

function encodeFields(r: RecordInput): string {
  switch (r.kind) {
    case 'ns':
    case 'childns': {
      const lead = r.kind === 'ns' ? '.' : '&';
      // `ns .` makes tinydns authoritative for the root: a closed lab's fake root (DJB-LAB).
      const zone = r.kind === 'ns' && r.name === '.' ? '' : parseDomainName(r.name, 'zone');
      return `${lead}${zone}:${parseIPv4(r.ip)}:${parseServer(r.server)}:${checkTtl(r.ttl, TTL_NS)}`;
    }
    case 'host':
    case 'alias':
      return `${r.kind === 'host' ? '=' : '+'}${parseDomainName(r.name)}:${parseIPv4(r.ip)}:${checkTtl(r.ttl, TTL_DEFAULT)}`;
    case 'mx': {
      const distance = r.distance === undefined ? '' : check16(r.distance, 'MX distance', 0);
      return `@${parseDomainName(r.name)}:${parseIPv4(r.ip)}:${parseServer(r.server)}:${distance}:${checkTtl(r.ttl, TTL_DEFAULT)}`;
    }
    case 'cname': {
      const name = parseDomainName(r.name);
      if (parseDomainName(r.target, 'target') === name) throw new InvalidInput(`bad target ${quote(r.target)}: a CNAME to itself is a loop no resolver gets out of`);
      return `C${name}:${parseDomainName(r.target, 'target')}:${checkTtl(r.ttl, TTL_DEFAULT)}`;
    }
    case 'ptr':
      return `^${ptrName(r.name)}:${parseDomainName(r.target, 'target')}:${checkTtl(r.ttl, TTL_DEFAULT)}`;
    case 'txt': {
      const refusal = txtRefusal(Buffer.byteLength(r.text), r.location !== undefined);
      if (refusal) throw new InvalidInput(refusal);
      return `'${parseDomainName(r.name)}:${escapeText(r.text)}:${checkTtl(r.ttl, TTL_DEFAULT)}`;
    }
    case 'aaaa':
      return `:${parseDomainName(r.name)}:${TYPE_AAAA}:${escapeBytes(parseIPv6(r.ip))}:${checkTtl(r.ttl, TTL_DEFAULT)}`;
    case 'srv': {
      const rdata = srvRdata(
        check16(r.priority, 'SRV priority', 0),
        check16(r.weight, 'SRV weight', 0),
        check16(r.port, 'SRV port', 0),
        parseDomainName(r.target, 'target'),
      );
      return `:${parseDomainName(r.name)}:${TYPE_SRV}:${escapeBytes(rdata)}:${checkTtl(r.ttl, TTL_DEFAULT)}`;
    }
    case 'soa': {
      const field = (value: number | undefined, fallback: number | '') => (value === undefined ? fallback : checkU32(value, 'SOA field'));
      const timers = [field(r.serial, ''), field(r.refresh, SOA_DEFAULTS.refresh), field(r.retry, SOA_DEFAULTS.retry), field(r.expire, SOA_DEFAULTS.expire), field(r.minimum, SOA_DEFAULTS.minimum)];
      return `Z${parseDomainName(r.name, 'zone')}:${parseDomainName(r.primary, 'primary name server')}:${parseContact(r.contact)}:${timers.join(':')}:${checkTtl(r.ttl, SOA_DEFAULTS.ttl)}`;
    }
    case 'location':
      return `%${parseLocation(r.name)}:${parseIPPrefix(r.prefix)}`;
    case 'caa':
      return `:${parseDomainName(r.name)}:${TYPE_CAA}:${escapeBytes(caaRdata(r.flags, r.tag, r.value))}:${checkTtl(r.ttl, TTL_DEFAULT)}`;
    case 'generic': {
      const rdata = Buffer.from(parseGenericData(r.data).split(' ')[2] ?? '', 'hex');
      return `:${parseDomainName(r.name)}:${parseGenericType(String(r.type))}:${escapeBytes(rdata)}:${checkTtl(r.ttl, TTL_DEFAULT)}`;
    }
  }
}

function checkU32(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > U32_MAX) throw new InvalidInput(`bad ${what} ${quote(String(value))}: expected a number 0-${U32_MAX}`);
  return value;
}
