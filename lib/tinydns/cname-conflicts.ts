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

/** How many unescaped ":" come before the location field of a line with this lead (tinydns-data's field order). */
const LOCATION_FIELD: Record<string, number> = { '.': 5, '&': 5, '=': 4, '+': 4, '@': 6, "'": 4, '^': 4, C: 4, Z: 10, ':': 5 };

/** The location a line is for, decoding it only when it has that many fields (most lines have not). */
function lineLocation(line: string): string | undefined {
  const wanted = LOCATION_FIELD[line[0]];
  if (wanted === undefined) return undefined;
  let colons = 0;
  for (let at = line.indexOf(':'); at >= 0 && colons < wanted; at = line.indexOf(':', at + 1)) colons++;
  return colons < wanted ? undefined : decodeLine(line)?.location;
}

interface Owner {
  cname: boolean;
  names: string[];
  location: string | undefined;
}

/**
 * The owner name of a data line the way decodeLine reads it (unescaped, lowercased, no final
 * dot), whether it is a CNAME, and its location, without decoding its other fields; undefined
 * when the line is no record. Lines that need more ("=" with its PTR name, escapes, trailing
 * blanks, a location field) are decoded.
 */
function lineOwner(line: string): Owner | undefined {
  const name = plainOwner(line);
  if (name !== undefined) return { cname: line.charCodeAt(0) === 67, names: [name], location: lineLocation(line) };
  const lead = line.charCodeAt(0);
  if (lead !== 61 && !hasPlainLead(lead)) return undefined;
  const record = decodeLine(line);
  return record && { cname: record.kind === 'cname', names: ownerNames(record), location: record.location };
}

/** "." "&" "+" "@" "'" "^" "C" "Z" ":": the leads whose only name is the first field. */
const hasPlainLead = (lead: number) => lead === 46 || lead === 38 || lead === 43 || lead === 64 || lead === 39 || lead === 94 || lead === 67 || lead === 90 || lead === 58;

/** The owner of a line whose lead has one name and whose name has no escape, as decodeLine reads it; else undefined. */
function plainOwner(line: string): string | undefined {
  if (!hasPlainLead(line.charCodeAt(0))) return undefined;
  const last = line.charCodeAt(line.length - 1);
  if (last === 32 || last === 9 || last === 13 || last === 10) return undefined;
  let end = line.indexOf(':', 1);
  if (end < 0) end = line.length;
  for (let i = 1; i < end; i++) if (line.charCodeAt(i) === 92) return undefined;
  const dot = line.charCodeAt(end - 1) === 46 && end > 1;
  return line.slice(1, dot ? end - 1 : end).toLowerCase();
}

/** The owner name of a data line as decodeLine reads it (the first field), or undefined when the line is no record ("%" lines name a location, not a name). */
export function lineName(line: string): string | undefined {
  const plain = plainOwner(line);
  if (plain !== undefined) return plain;
  const record = decodeLine(line);
  return record && record.kind !== 'location' ? record.name : undefined;
}

/** The names that have a CNAME ("C" lines) in TEXT or among LINES: the only names a CNAME conflict can be about. */
export function cnameOwners(text: string, lines: readonly string[]): Set<string> {
  const owners = new Set<string>();
  const add = (line: string) => {
    const name = lineName(line);
    if (name !== undefined) owners.add(name);
  };
  for (let at = text.startsWith('C') ? 0 : text.indexOf('\nC') + 1; at > 0 || (at === 0 && text.startsWith('C')); ) {
    const end = text.indexOf('\n', at);
    add(text.slice(at, end < 0 ? undefined : end));
    if (end < 0) break;
    at = text.indexOf('\nC', end) + 1;
    if (at === 0) break;
  }
  for (const line of lines) if (line.charCodeAt(0) === 67) add(line);
  return owners;
}

/** Where a name's first line per location is: a line number of the text, or an imported line. */
type Seen = Array<{ location: string | undefined; at: number | string }>;

/** The names of a whole text, for checking many additions at once: which have a CNAME, which have anything, for which locations. */
export class NameIndex {
  private readonly cnames = new Map<string, Seen>();
  private readonly others = new Map<string, Seen>();
  private lines: string[] | undefined;

  /**
   * The names of TEXT; with ONLY (cnameOwners of the text and every line to be added), only
   * those names are indexed: no other name can take part in a conflict.
   */
  constructor(
    private readonly text: string,
    private readonly only?: ReadonlySet<string>,
  ) {
    if (only?.size === 0) return;
    let number = 0;
    for (let at = 0; at <= text.length; ) {
      let end = text.indexOf('\n', at);
      if (end < 0) end = text.length;
      number++;
      if (ALL_LEADS.includes(text[at] ?? '#')) {
        const line = text.slice(at, end);
        const name = plainOwner(line);
        if (name === undefined || !only || only.has(name)) {
          const owner = lineOwner(line);
          if (owner && (!only || owner.names.some((n) => only.has(n)))) this.index(owner, number);
        }
      }
      at = end + 1;
    }
  }

  private where(at: number | string): string {
    this.lines ??= this.text.split('\n');
    return typeof at === 'number' ? `line ${at}: ${this.lines[at - 1]}` : `import: ${at}`;
  }

  private index(owner: Owner, at: number | string): void {
    const push = (map: Map<string, Seen>, name: string) => {
      const seen = map.get(name);
      if (!seen) map.set(name, [{ location: owner.location, at }]);
      else if (seen.every((e) => e.location !== owner.location)) seen.push({ location: owner.location, at }); // the first line per location is enough
    };
    if (owner.cname) push(this.cnames, owner.names[0]);
    for (const name of owner.names) push(this.others, name);
  }

  /** Indexes the data line LINE, added by an import; why it breaks the CNAME rule among the names indexed before it, or undefined. */
  addLine(line: string): string | undefined {
    if (this.only?.size === 0) return undefined;
    const plain = plainOwner(line);
    if (plain !== undefined && this.only && !this.only.has(plain)) return undefined;
    const owner = lineOwner(line);
    if (!owner || (this.only && !owner.names.some((n) => this.only!.has(n)))) return undefined;
    const conflict = this.ownerConflict(owner);
    this.index(owner, line);
    return conflict;
  }

  /** Why the data line LINE breaks the CNAME rule among the names indexed so far, or undefined. */
  conflict(line: string): string | undefined {
    const owner = lineOwner(line);
    return owner && this.ownerConflict(owner);
  }

  private ownerConflict({ cname, names, location }: Owner): string | undefined {
    const met = (seen: Seen | undefined) => seen?.find((e) => meet(e.location, location));
    if (cname) {
      const other = met(this.others.get(names[0]));
      const cnameSeen = met(this.cnames.get(names[0]));
      return other === undefined ? undefined : `${names[0]} already has ${cnameSeen ? 'a CNAME' : 'other data'} (${this.where((cnameSeen ?? other).at)}): ${RULE}`;
    }
    for (const name of names) {
      const seen = met(this.cnames.get(name));
      if (seen !== undefined) return `${name} has a CNAME (${this.where(seen.at)}): ${RULE}`;
    }
    return undefined;
  }
}
