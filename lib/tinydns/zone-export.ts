// One zone of what tinydns serves (data.cdb's records, derived ones included) as a master
// file: SOA first, then names in DNSSEC canonical order (RFC 4034 §6.1), types by number.
import type { ServedRecord } from './cdb-records.js';
import { type Labels, isWithin, nameKey, nameText, wireName } from './master-names.js';
import { rdataText } from './master-rdata-text.js';
import { TYPES } from './master-types.js';
import { labelToDate } from './timestamps.js';

export interface ZoneExport {
  text: string;
  records: number;
  /** Records left out, with why: one whose time to die has passed, or whose start is to come (written commented out). */
  left: string[];
}

const NO_TIMESTAMP = '0000000000000000';
/** tinydns serves a record with a time to die with the seconds left, at most an hour (tdlookup.c). */
const TTD_TTL_MAX = 3600;
const TAI64_UNIX = (1n << 62n) + 10n;
const stampSeconds = (label: string) => Number(BigInt('0x' + label) - TAI64_UNIX);
const stampText = (label: string) => labelToDate(label) ?? `@${label}`;

/**
 * What a master file cannot say about a record tinydns serves: a location (split horizon: BIND
 * needs one view per location) or a timestamp (BIND has no time to die or start). The record is
 * written with what tinydns serves now, a comment saying the rest; `out` when it is not served now.
 */
function beyondBind(r: ServedRecord, now: number): { ttl: number; notes: string[]; out?: string } {
  const notes: string[] = [];
  let ttl = r.ttl;
  if (r.location !== undefined) notes.push(`only for clients in location ${JSON.stringify(r.location)} (tinydns % lines): BIND needs a view per location`);
  if (r.timestamp !== NO_TIMESTAMP) {
    const at = stampSeconds(r.timestamp);
    if (r.ttl === 0) {
      if (at <= now) return { ttl, notes, out: `its time to die ${stampText(r.timestamp)} has passed (tinydns no longer serves it)` };
      ttl = Math.min(TTD_TTL_MAX, at - now);
      notes.push(`ends at ${stampText(r.timestamp)} (time to die; TTL as tinydns serves it now): BIND has no expiry, remove it then`);
    } else if (at > now) {
      return { ttl, notes, out: `served from ${stampText(r.timestamp)} on (time to live from): BIND has no start time` };
    } else notes.push(`served since ${stampText(r.timestamp)} (time to live from)`);
  }
  return { ttl, notes };
}

function canonicalCompare(a: Labels, b: Labels): number {
  for (let i = 1; i <= Math.max(a.length, b.length); i++) {
    const x = a[a.length - i];
    const y = b[b.length - i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const c = Buffer.compare(Buffer.from(x.toString('latin1').toLowerCase(), 'latin1'), Buffer.from(y.toString('latin1').toLowerCase(), 'latin1'));
    if (c) return c;
  }
  return 0;
}

export interface ExportOptions {
  /** Seconds since 1970 (UTC): what is served now decides TTLs of a time to die and what is commented out. */
  now?: number;
  /** The "%" lines, named in the head when a record of the zone has a location. */
  locations?: ReadonlyArray<{ prefix: string; code: string }>;
}

export function exportZone(served: readonly ServedRecord[], zone: Labels, source: string, { now = Math.floor(Date.now() / 1000), locations = [] }: ExportOptions = {}): ZoneExport {
  const zoneKey = nameKey(zone);
  const owned = served
    .map((r) => ({ ...r, owner: r.wildcard ? [Buffer.from('*'), ...r.owner] : r.owner }))
    .filter((r) => isWithin(r.owner, zone));
  // A name below the zone with NS records is a cut: a delegation, or another zone served here.
  const cuts = owned.filter((r) => r.type === TYPES.NS && nameKey(r.owner) !== zoneKey).map((r) => r.owner);
  const belowCut = (name: Labels) => cuts.find((cut) => isWithin(name, cut) && nameKey(name) !== nameKey(cut));
  const atCut = (name: Labels) => cuts.some((cut) => nameKey(cut) === nameKey(name));
  const glue = new Set(owned.filter((r) => r.type === TYPES.NS && atCut(r.owner)).map((r) => nameKey(wireName(r.rdata, 0).name)));
  let soaSeen = false;
  const left: string[] = [];
  const seen = new Set<string>();
  const lines: Array<{ owner: Labels; type: number; text: string; location?: string; display: string; live: boolean }> = [];
  for (const r of owned) {
    const display = `${nameText(r.owner)} ${rdataText(r.type, r.rdata)}`;
    const beyond = beyondBind(r, now);
    // At a cut only its NS (and DS) belong to this zone; at or below it, only glue addresses.
    const address = r.type === TYPES.A || r.type === TYPES.AAAA;
    if (atCut(r.owner) && r.type !== TYPES.NS && r.type !== TYPES.DS && !(address && glue.has(nameKey(r.owner)))) continue;
    if (belowCut(r.owner) && !(address && glue.has(nameKey(r.owner)))) continue;
    if (r.type === TYPES.SOA && nameKey(r.owner) === zoneKey) {
      if (soaSeen) {
        left.push(`${display}: a second SOA (tinydns serves the first; a master file has one)`);
        continue;
      }
      soaSeen = true;
    }
    const record = `${nameText(r.owner)} ${beyond.ttl} IN ${rdataText(r.type, r.rdata)}`;
    const same = `${nameKey(r.owner)} ${r.type} ${r.rdata.toString('hex')} ${beyond.out ?? ''}`;
    if (seen.has(same)) continue;
    seen.add(same);
    if (beyond.out) left.push(`${display}: ${beyond.out}`);
    const notes = beyond.out ? [beyond.out] : beyond.notes;
    const text = `${beyond.out ? '; ' : ''}${record}${notes.length ? ` ; ${notes.join('; ')}` : ''}`;
    lines.push({ owner: r.owner, type: r.type, text, location: r.location, display, live: !beyond.out });
  }
  outOfOneView(lines, left);
  lines.sort((a, b) => {
    const soa = Number(b.type === TYPES.SOA && nameKey(b.owner) === zoneKey) - Number(a.type === TYPES.SOA && nameKey(a.owner) === zoneKey);
    return soa || canonicalCompare(a.owner, b.owner) || a.type - b.type || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
  });
  const codes = new Set(owned.map((r) => r.location).filter((code) => code !== undefined));
  const where = locations.filter((l) => codes.has(l.code)).map((l) => `${l.code}: ${l.prefix === '' ? 'every client' : `clients ${l.prefix}`}`);
  const head = `; ${nameText(zone)} as tinydns serves it from ${source} (iim-tinydns zoneExport)\n${
    codes.size ? `; tinydns locations of its records (% lines; the longest prefix wins): ${where.length ? where.join(', ') : 'none defined'}\n` : ''}`;
  return { text: head + lines.map((l) => l.text + '\n').join(''), records: lines.filter((l) => l.live).length, left };
}

/**
 * A CNAME served to one location beside other data of its name served to another is fine for
 * tinydns (each client sees one), but one master file holds both and named-checkzone refuses
 * "CNAME and other data": the location-bound side is written commented out.
 */
function outOfOneView(lines: Array<{ owner: Labels; type: number; text: string; location?: string; display: string; live: boolean }>, left: string[]): void {
  const byOwner = new Map<string, typeof lines>();
  for (const l of lines) if (l.live) byOwner.set(nameKey(l.owner), [...(byOwner.get(nameKey(l.owner)) ?? []), l]);
  for (const group of byOwner.values()) {
    const cnames = group.filter((l) => l.type === TYPES.CNAME);
    const others = group.filter((l) => l.type !== TYPES.CNAME);
    if (cnames.length === 0 || others.length === 0) continue;
    const bound = cnames.every((l) => l.location !== undefined) ? cnames : others.filter((l) => l.location !== undefined);
    for (const l of bound) {
      const why = 'a CNAME and other data of one name, for different locations: one master file cannot hold both (a view per location in BIND)';
      l.text = `; ${l.text} ; ${why}`;
      l.live = false;
      left.push(`${l.display}: ${why}`);
    }
  }
}
