// One coalesced dyndns edit of a tinydns data text: each hostname's A ("+" lines) and AAAA
// (generic type 28 lines, Debian's tinydns has no "3"/"6" lines) set to one address. Lines
// with a location or a timestamp, and every other line, are left as they are.
import { encodeRecord, decodeLine } from '../tinydns/records.js';

export interface AddressUpdate {
  /** Lowercased, no trailing dot. */
  name: string;
  family: 'v4' | 'v6';
  /** Canonical text (parseIPv4, formatIPv6). */
  ip: string;
}

export interface AddressEdit {
  /** The new text; undefined when every update was already there (or refused). */
  text?: string;
  /** One per update, in order: true when the data already said so. */
  unchanged: boolean[];
  /** One per update, in order: true when the name has other records, which an update never touches. */
  refused: boolean[];
}

const keyOf = (name: string, family: 'v4' | 'v6') => `${family} ${name}`;

/** A line of the text this edit may replace: where it is, and the address it holds. */
interface Found {
  start: number;
  /** The index of its newline (or the text's length). */
  end: number;
  value: string;
}

/** The line at START if it is a plain A (+) or AAAA (:name:28:) line of the name: no location, no timestamp. */
function plainLine(text: string, start: number): Found | undefined {
  const newline = text.indexOf('\n', start);
  const end = newline < 0 ? text.length : newline;
  const record = decodeLine(text.slice(start, end));
  if (!record || record.location || record.timestamp) return undefined;
  if (record.kind !== 'alias' && record.kind !== 'aaaa') return undefined;
  return { start, end, value: record.value };
}

/**
 * The lines of each wanted name and family. A 100,000-line file is not split into lines: only
 * the "+" and ":" line starts are visited (indexOf), and only their name field is read.
 */
function findLines(text: string, wanted: ReadonlyMap<string, AddressUpdate>): Map<string, Found[]> {
  const found = new Map<string, Found[]>();
  for (const lead of ['+', ':'] as const) {
    const marker = '\n' + lead;
    for (let at = text.startsWith(lead) ? 0 : text.indexOf(marker) + 1; at > 0 || (at === 0 && text.startsWith(lead)); ) {
      const colon = text.indexOf(':', at + 1);
      const newline = text.indexOf('\n', at);
      if (colon > 0 && (newline < 0 || colon < newline)) {
        const name = text.slice(at + 1, colon).toLowerCase().replace(/\.$/, '');
        const family = lead === '+' ? 'v4' : text.startsWith(':28:', colon) ? 'v6' : undefined;
        const key = family && keyOf(name, family);
        const line = key && wanted.has(key) ? plainLine(text, at) : undefined;
        if (key && line) found.set(key, [...(found.get(key) ?? []), line]);
      }
      if (newline < 0) break;
      at = text.indexOf(marker, newline) + 1;
      if (at === 0) break;
    }
  }
  for (const lines of found.values()) lines.sort((a, b) => a.start - b.start);
  return found;
}

/**
 * The wanted names that have a line other than a plain "+" or ":NAME:28:" one (an "=", a CNAME,
 * MX, NS, SOA, TXT, a "+" with a location or timestamp, another generic type): a dynamic address
 * beside those would be served with them (two A records, a CNAME and an A). "#" and "-" lines
 * are not served. One pass over the line starts, only the name field read.
 */
export function namesWithOtherRecords(text: string, names: ReadonlySet<string>): Set<string> {
  const other = new Set<string>();
  if (names.size === 0) return other;
  // Only a name field as long as a wanted name (or one more: a trailing dot), or one with a
  // backslash in it, is read: a 100,000-line file costs a few milliseconds.
  const lengths = new Set<number>();
  for (const name of names) lengths.add(name.length).add(name.length + 1);
  let backslash = text.indexOf('\\');
  for (let at = 0; at < text.length; ) {
    const newline = text.indexOf('\n', at);
    const end = newline < 0 ? text.length : newline;
    const lead = text[at];
    if (lead !== '#' && lead !== '-' && end > at) {
      let colon = text.indexOf(':', at + 1);
      if (colon < 0 || colon > end) colon = end;
      if (backslash >= 0 && backslash < at) backslash = text.indexOf('\\', at);
      // tinydns-data reads \NNN in a name as that byte: "+\150ome.dyn.test" is home.dyn.test too.
      const escaped = backslash >= 0 && backslash < colon;
      if (escaped || lengths.has(colon - at - 1)) {
        const field = text.slice(at + 1, colon);
        const name = (escaped ? field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))) : field).toLowerCase().replace(/\.$/, '');
        if (names.has(name)) {
          const plain = !escaped && (lead === '+' || (lead === ':' && text.startsWith(':28:', colon))) && plainLine(text, at) !== undefined;
          if (!plain) other.add(name);
        }
      }
    }
    if (newline < 0) break;
    at = newline + 1;
  }
  return other;
}

/** Apply UPDATES (the last one per name and family wins) with TTL; a name is never added beside what it had, only its own lines replaced. */
export function applyAddressUpdates(text: string, updates: readonly AddressUpdate[], ttl: number): AddressEdit {
  const blocked = namesWithOtherRecords(text, new Set(updates.map((update) => update.name)));
  const refused = updates.map((update) => blocked.has(update.name));
  const final = new Map<string, AddressUpdate>();
  for (const update of updates) if (!blocked.has(update.name)) final.set(keyOf(update.name, update.family), update);
  const lineOf = (u: AddressUpdate) => encodeRecord(u.family === 'v4' ? { kind: 'alias', name: u.name, ip: u.ip, ttl } : { kind: 'aaaa', name: u.name, ip: u.ip, ttl });
  const current = findLines(text, final);
  const same = (key: string) => {
    const lines = current.get(key);
    return lines !== undefined && lines.length === 1 && lines[0].value === final.get(key)!.ip;
  };
  const unchanged = updates.map((u) => final.get(keyOf(u.name, u.family)) === u && same(keyOf(u.name, u.family)));
  const changing = [...final.keys()].filter((key) => !same(key));
  if (changing.length === 0) return { unchanged, refused };
  // Each name's first line is replaced in place, its other lines dropped (with their newline).
  const splices: { start: number; end: number; by: string }[] = [];
  const appended: string[] = [];
  for (const key of changing) {
    const [first, ...rest] = current.get(key) ?? [];
    const line = lineOf(final.get(key)!);
    if (!first) appended.push(line);
    else {
      splices.push({ start: first.start, end: first.end, by: line });
      for (const other of rest) splices.push({ start: other.start, end: Math.min(other.end + 1, text.length), by: '' });
    }
  }
  splices.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const { start, end, by } of splices) {
    parts.push(text.slice(at, start), by);
    at = end;
  }
  parts.push(text.slice(at));
  let result = parts.join('');
  if (appended.length) result += (result === '' || result.endsWith('\n') ? '' : '\n') + appended.join('\n') + '\n';
  return { text: result, unchanged, refused };
}
