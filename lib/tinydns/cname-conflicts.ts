// A name with a CNAME has no other data (RFC 1034 §3.6.2): tinydns-data compiles both, and
// resolvers then disagree on what the name is. Found before a record is added.
import { type DataRecord, decodeLine } from './record-decode.js';
import { parseIPv4 } from '../names.js';

const RULE = 'a name with a CNAME can have no other data (RFC 1034 §3.6.2)';
const ALL_LEADS = ".&=+@'^CZ:";

/** The names a record gives data to: its own, and for a host ("=") the PTR name of its IP. */
export function ownerNames(record: DataRecord): string[] {
  if (record.kind === 'location') return []; // a client location, not a name
  if (record.kind !== 'host') return [record.name];
  try {
    return [record.name, parseIPv4(record.value).split('.').reverse().join('.') + '.in-addr.arpa'];
  } catch {
    return [record.name];
  }
}

const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&');

/** The first line of TEXT matching PATTERN, with its number. */
function firstLine(text: string, pattern: RegExp): { number: number; line: string } | undefined {
  const match = pattern.exec(text);
  if (!match) return undefined;
  let number = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < match.index; i = text.indexOf('\n', i + 1)) number++;
  const end = text.indexOf('\n', match.index);
  return { number, line: text.slice(match.index, end < 0 ? undefined : end) };
}

/**
 * Two records of one name meet at a client unless they are for different locations (split
 * horizon: a CNAME for "in", an address for "ex" is fine, each client sees one).
 */
const meet = (a: string | undefined, b: string | undefined) => a === undefined || b === undefined || a === b;

/** The first line of TEXT (leads among LEADS) whose name is NAME and that a client of LOCATION also gets, found without splitting the text. */
function lineNamed(text: string, leads: string, name: string, location: string | undefined) {
  const pattern = new RegExp(`^[${escapeRegExp(leads)}]${escapeRegExp(name)}\\.?(?::|$)`, 'gmi');
  for (let found = firstLine(text, pattern); found; found = firstLine(text, pattern)) {
    if (meet(decodeLine(found.line)?.location, location)) return found;
  }
  return undefined;
}

/** Why adding the data line LINE to TEXT breaks the CNAME rule, or undefined. */
export function cnameConflict(text: string, line: string): string | undefined {
  const record = decodeLine(line);
  if (!record) return undefined;
  if (record.kind === 'cname') {
    const other = lineNamed(text, ALL_LEADS, record.name, record.location) ?? hostWithPtr(text, record.name, record.location);
    if (other) return `${record.name} already has ${other.line[0] === 'C' ? 'a CNAME' : 'other data'} (line ${other.number}: ${other.line}): ${RULE}`;
    return undefined;
  }
  for (const name of ownerNames(record)) {
    const cname = lineNamed(text, 'C', name, record.location);
    if (cname) return `${name} has a CNAME (line ${cname.number}: ${cname.line}): ${RULE}`;
  }
  return undefined;
}

/** An "=" line whose PTR is NAME (d.c.b.a.in-addr.arpa). */
function hostWithPtr(text: string, name: string, location: string | undefined) {
  const match = /^([0-9]+)\.([0-9]+)\.([0-9]+)\.([0-9]+)\.in-addr\.arpa$/.exec(name);
  if (!match) return undefined;
  const pattern = new RegExp(`^=[^:\\n]*:${escapeRegExp([match[4], match[3], match[2], match[1]].join('.'))}(?::|$)`, 'gm');
  for (let found = firstLine(text, pattern); found; found = firstLine(text, pattern)) {
    if (meet(decodeLine(found.line)?.location, location)) return found;
  }
  return undefined;
}

/** The names of a whole text, for checking many additions at once: which have a CNAME, which have anything. */
export class NameIndex {
  private readonly cnames = new Map<string, Array<{ location?: string; where: string }>>();
  private readonly others = new Map<string, Array<{ location?: string; where: string }>>();

  constructor(text: string) {
    let number = 0;
    for (const line of text.split('\n')) {
      number++;
      if (!ALL_LEADS.includes(line[0] ?? '#')) continue;
      const record = decodeLine(line);
      if (record) this.add(record, `line ${number}: ${line}`);
    }
  }

  add(record: DataRecord, where: string): void {
    const entry = { location: record.location, where };
    const push = (map: Map<string, Array<{ location?: string; where: string }>>, name: string) => {
      const entries = map.get(name);
      if (!entries) map.set(name, [entry]);
      else if (entries.every((e) => e.location !== entry.location)) entries.push(entry); // the first line per location is enough
    };
    if (record.kind === 'cname') push(this.cnames, record.name);
    for (const name of ownerNames(record)) push(this.others, name);
  }

  /** Why the data line LINE breaks the CNAME rule among the names indexed so far, or undefined. */
  conflict(line: string): string | undefined {
    const record = decodeLine(line);
    if (!record) return undefined;
    const met = (entries: Array<{ location?: string; where: string }> | undefined) => entries?.find((e) => meet(e.location, record.location));
    if (record.kind === 'cname') {
      const other = met(this.others.get(record.name));
      const cname = met(this.cnames.get(record.name));
      return other === undefined ? undefined : `${record.name} already has ${cname ? 'a CNAME' : 'other data'} (${(cname ?? other).where}): ${RULE}`;
    }
    for (const name of ownerNames(record)) {
      const cname = met(this.cnames.get(name));
      if (cname !== undefined) return `${name} has a CNAME (${cname.where}): ${RULE}`;
    }
    return undefined;
  }
}
