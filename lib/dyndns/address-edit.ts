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
  /** The new text; undefined when every update was already there. */
  text?: string;
  /** One per update, in order: true when the data already said so. */
  unchanged: boolean[];
}

const keyOf = (name: string, family: 'v4' | 'v6') => `${family} ${name}`;

/** The key of a line this edit may replace, or undefined. Cheap for the lines it is not about. */
function lineKey(line: string, wanted: ReadonlySet<string>): string | undefined {
  const lead = line[0];
  if (lead !== '+' && lead !== ':') return undefined;
  const colon = line.indexOf(':', 1);
  if (colon < 0) return undefined;
  const name = line.slice(1, colon).toLowerCase().replace(/\.$/, '');
  const family = lead === '+' ? 'v4' : line.startsWith(':28:', colon) ? 'v6' : undefined;
  if (!family || !wanted.has(keyOf(name, family))) return undefined;
  const record = decodeLine(line);
  if (!record || record.location || record.timestamp) return undefined;
  return keyOf(name, family);
}

/** Apply UPDATES (the last one per name and family wins) with TTL; a name is never added beside what it had, only its own lines replaced. */
export function applyAddressUpdates(text: string, updates: readonly AddressUpdate[], ttl: number): AddressEdit {
  const final = new Map<string, AddressUpdate>();
  for (const update of updates) final.set(keyOf(update.name, update.family), update);
  const lineOf = (u: AddressUpdate) => encodeRecord(u.family === 'v4' ? { kind: 'alias', name: u.name, ip: u.ip, ttl } : { kind: 'aaaa', name: u.name, ip: u.ip, ttl });
  const wanted = new Set(final.keys());
  const lines = text.split('\n');
  const current = new Map<string, string[]>();
  const at = new Map<string, number[]>();
  lines.forEach((line, index) => {
    const key = lineKey(line, wanted);
    if (key === undefined) return;
    current.set(key, [...(current.get(key) ?? []), decodeLine(line)!.value]);
    at.set(key, [...(at.get(key) ?? []), index]);
  });
  const same = (key: string) => {
    const values = current.get(key);
    return values !== undefined && values.length === 1 && values[0] === final.get(key)!.ip;
  };
  const unchanged = updates.map((u) => same(keyOf(u.name, u.family)) && final.get(keyOf(u.name, u.family)) === u);
  const changing = [...final.keys()].filter((key) => !same(key));
  if (changing.length === 0) return { unchanged };
  const drop = new Set<number>();
  const replace = new Map<number, string>();
  const appended: string[] = [];
  for (const key of changing) {
    const places = at.get(key) ?? [];
    const line = lineOf(final.get(key)!);
    if (places.length === 0) appended.push(line);
    else {
      replace.set(places[0], line);
      places.slice(1).forEach((place) => drop.add(place));
    }
  }
  const kept = lines.flatMap((line, index) => (drop.has(index) ? [] : [replace.get(index) ?? line]));
  if (appended.length) {
    if (kept.at(-1) === '') kept.pop();
    kept.push(...appended, '');
  }
  return { text: kept.join('\n'), unchanged };
}
