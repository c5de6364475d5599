// Reads tinydns data lines back into records for listing, removal and zone lists.
// Never throws: a line it cannot read is simply not a record.
import { unescapeBytes, unescapeText, wireToName } from './escape.js';
import { formatIPv6, parseIPv4, parseIPv6 } from '../names.js';
import { SOA_DEFAULTS, TTL_DEFAULT, TTL_NS, TYPE_CAA, defaultTtl, type RecordKind } from './record-kinds.js';
import { genericDataOf, parseGenericData, readCaa } from './record-rdata.js';
import { labelToDate } from './timestamps.js';

export interface DataRecord {
  kind: RecordKind;
  /** Lowercased, escapes decoded, no trailing dot; of a location line, its code as written. */
  name: string;
  /**
   * Readable main value: IP, target, text, IPv6 address, a SOA's primary server, a location
   * line's IP prefix, a CAA's value, or a generic line's rdata as RFC 3597 "\# LEN HEX".
   */
  value: string;
  ttl?: number;
  /** ns, childns, mx: the x field as written ("a", or a full name); serverName is the full name. */
  server?: string;
  serverName?: string;
  distance?: number;
  port?: number;
  priority?: number;
  weight?: number;
  /** generic: the record type number. */
  type?: number;
  /** soa: contact, and serial (none: data's mtime, as tinydns-data does), refresh, retry, expire, minimum. */
  contact?: string;
  serial?: number;
  refresh?: number;
  retry?: number;
  expire?: number;
  minimum?: number;
  /** caa: flags and tag. */
  flags?: number;
  tag?: string;
  timestamp?: string;
  location?: string;
}

const KINDS: Record<string, RecordKind | 'soa'> = {
  '.': 'ns',
  '&': 'childns',
  '=': 'host',
  '+': 'alias',
  '@': 'mx',
  C: 'cname',
  "'": 'txt',
  '^': 'ptr',
  Z: 'soa',
};

const decodeName = (field: string) => {
  const name = unescapeText(field).toLowerCase();
  return name.endsWith('.') ? name.slice(0, -1) : name;
};

const number = (field: string | undefined) => (field && /^[0-9]+$/.test(field) ? Number(field) : undefined);

/** One data line (with or without its newline) as a record; undefined for comments, blanks, - and junk. */
export function decodeLine(line: string): DataRecord | undefined {
  const text = line.replace(/[ \t\r\n]+$/, '');
  const lead = text[0];
  if (lead === undefined || lead === '#' || lead === '-') return undefined;
  const f = text.slice(1).split(':');
  if (lead === '%') return { kind: 'location', name: unescapeText(f[0]), value: f[1] ?? '' };
  const name = decodeName(f[0]);
  const kind = lead === ':' ? 'generic' : KINDS[lead];
  if (kind === undefined) return undefined;
  const ttlAt = { ns: 3, childns: 3, mx: 4, soa: 8, generic: 3 }[kind as string] ?? 2;
  const record: DataRecord = { kind, name, value: '' };
  const ttl = number(f[ttlAt]);
  if (ttl !== undefined) record.ttl = ttl;
  if (f[ttlAt + 1]) record.timestamp = f[ttlAt + 1];
  if (f[ttlAt + 2]) record.location = f[ttlAt + 2];
  switch (kind) {
    case 'ns':
    case 'childns':
    case 'mx': {
      record.value = f[1] ?? '';
      const x = decodeName(f[2] ?? '');
      record.server = x;
      record.serverName = x.includes('.') ? x : `${x}.${kind === 'mx' ? 'mx' : 'ns'}.${name}`;
      if (kind === 'mx') record.distance = number(f[3]) ?? 0;
      break;
    }
    case 'host':
    case 'alias':
      record.value = f[1] ?? '';
      break;
    case 'cname':
    case 'ptr':
      record.value = decodeName(f[1] ?? '');
      break;
    case 'soa': {
      record.value = decodeName(f[1] ?? '');
      record.contact = decodeName(f[2] ?? '');
      const serial = number(f[3]);
      if (serial !== undefined) record.serial = serial;
      record.refresh = number(f[4]) ?? SOA_DEFAULTS.refresh;
      record.retry = number(f[5]) ?? SOA_DEFAULTS.retry;
      record.expire = number(f[6]) ?? SOA_DEFAULTS.expire;
      record.minimum = number(f[7]) ?? SOA_DEFAULTS.minimum;
      break;
    }
    case 'txt':
      record.value = unescapeText(f[1] ?? '');
      break;
    case 'generic':
      decodeGeneric(record, number(f[1]) ?? 0, f[2] ?? '');
      break;
  }
  return record;
}

function decodeGeneric(record: DataRecord, type: number, field: string): void {
  const rdata = unescapeBytes(field);
  if (type === 28 && rdata.length === 16) {
    record.kind = 'aaaa';
    record.value = formatIPv6(rdata);
    return;
  }
  const target = type === 33 && rdata.length >= 7 ? wireToName(rdata, 6) : undefined;
  if (target && target.end === rdata.length) {
    const view = new DataView(rdata.buffer, rdata.byteOffset, rdata.byteLength);
    Object.assign(record, {
      kind: 'srv',
      value: target.name.toLowerCase(),
      priority: view.getUint16(0),
      weight: view.getUint16(2),
      port: view.getUint16(4),
    });
    return;
  }
  const caa = type === TYPE_CAA ? readCaa(rdata) : undefined;
  if (caa) {
    Object.assign(record, { kind: 'caa', flags: caa.flags, tag: caa.tag, value: caa.value });
    return;
  }
  record.type = type;
  record.value = genericDataOf(rdata);
}

/**
 * The words `recordFromArgs` takes to make this record again (listing output can be pasted
 * back): ns, childns, mx and soa say a TTL other than their default as ttl=N; a timestamp follows
 * as ttd=DATE (with a TTL of 0: the line ends then), start=DATE (else), or timestamp=TAI64 when no
 * date of years 1970-9999 says it; a location code as location=LO.
 */
export function recordArgs(r: DataRecord): string[] {
  if (r.kind === 'location') return [r.kind, r.name, r.value === '' ? '-' : r.value];
  const date = r.timestamp ? labelToDate(r.timestamp) : undefined;
  const ttd = date !== undefined && r.ttl === 0;
  const stamp = !r.timestamp ? [] : date === undefined ? [`timestamp=${r.timestamp}`] : [`${ttd ? 'ttd' : 'start'}=${date}`];
  const tail = [...stamp, ...(r.location ? [`location=${r.location}`] : [])];
  return [...positionalArgs(ttd ? { ...r, ttl: undefined } : r), ...tail];
}

function positionalArgs(r: DataRecord): string[] {
  const ttl = r.ttl === undefined ? [] : [String(r.ttl)];
  const ttlWord = (fallback: number) => (r.ttl === undefined || r.ttl === fallback ? [] : [`ttl=${r.ttl}`]);
  switch (r.kind) {
    case 'ns':
    case 'childns':
      return [r.kind, r.name || '.', r.value, r.server ?? 'a', ...ttlWord(TTL_NS)];
    case 'mx':
      return [r.kind, r.name, r.value, String(r.distance ?? 0), r.server ?? 'a', ...ttlWord(TTL_DEFAULT)];
    case 'srv':
      return [r.kind, r.name, r.value, String(r.port), String(r.priority), String(r.weight), ...ttl];
    case 'soa': {
      const timers = [r.serial, r.refresh, r.retry, r.expire, r.minimum].map((n) => (n === undefined ? '' : String(n)));
      const defaults = ['', ...[SOA_DEFAULTS.refresh, SOA_DEFAULTS.retry, SOA_DEFAULTS.expire, SOA_DEFAULTS.minimum].map(String)];
      let last = timers.length;
      while (last > 0 && timers[last - 1] === defaults[last - 1]) last--;
      return [r.kind, r.name, r.value, r.contact ?? '', ...timers.slice(0, last), ...ttlWord(defaultTtl('soa'))];
    }
    case 'caa':
      return [r.kind, r.name, String(r.flags), r.tag ?? '', r.value, ...ttl];
    case 'generic':
      return [r.kind, r.name, String(r.type), r.value, ...ttl];
    default:
      return [r.kind, r.name, r.value, ...ttl];
  }
}

const sameIp = (a: string, b: string) => {
  try {
    return parseIPv4(a) === parseIPv4(b);
  } catch {
    return false;
  }
};

const sameIPv6 = (a: string, b: string) => {
  try {
    return formatIPv6(parseIPv6(a)) === formatIPv6(parseIPv6(b));
  } catch {
    return false;
  }
};

/** RFC 3597 data as decodeLine writes it ("\\# 2 BEEF" for "\\# 2 be ef"); as given when it does not parse. */
const sameGenericData = (value: string) => {
  try {
    return parseGenericData(value);
  } catch {
    return value;
  }
};

const normalName = (value: string) => (value.endsWith('.') ? value.slice(0, -1) : value).toLowerCase();

/** Whether a record is the one named by `KIND NAME [VALUE]` (VALUE: its IP, target, text, or server). */
export function recordMatches(record: DataRecord, kind: string, name: string, value?: string): boolean {
  if (record.kind === 'location') return kind === 'location' && record.name === name && (value === undefined || record.value === (value === '-' ? '' : value));
  if (record.kind !== kind || record.name !== normalName(name)) return false;
  if (value === undefined) return true;
  switch (record.kind) {
    case 'ns':
    case 'childns':
    case 'mx':
      return sameIp(record.value, value) || record.serverName === normalName(value) || record.server === normalName(value);
    case 'host':
    case 'alias':
      return sameIp(record.value, value);
    case 'aaaa':
      return sameIPv6(record.value, value);
    case 'cname':
    case 'ptr':
    case 'srv':
    case 'soa':
      return record.value === normalName(value);
    case 'caa':
      return record.value === value || record.tag === value.toLowerCase();
    case 'generic':
      return record.value === sameGenericData(value);
    default:
      return record.value === value;
  }
}

/** Zones this server is authoritative for: the names of "." and "Z" lines, sorted, once each. */
export function listZones(text: string): string[] {
  const zones = new Set<string>();
  for (const line of text.split('\n')) {
    if (line[0] === '.' || line[0] === 'Z') zones.add(decodeName(line.slice(1).split(':')[0]));
  }
  return [...zones].sort();
}

/** The longest of the zones that contains name, or undefined. */
export function zoneOf(name: string, zones: readonly string[]): string | undefined {
  return zoneFinder(zones)(name);
}

/** zoneOf for many names against the same zones: a lookup walks up the name's labels (a.b.c, b.c, c, the root). */
export function zoneFinder(zones: readonly string[]): (name: string) => string | undefined {
  const known = new Set(zones.map(normalName));
  return (name) => {
    for (let n = normalName(name); ; ) {
      if (known.has(n)) return n;
      if (n === '') return undefined;
      const dot = n.indexOf('.');
      n = dot < 0 ? '' : n.slice(dot + 1);
    }
  };
}

/** The first letter a-z not yet used as the x field of KIND lines for name (as tinydns-edit picks). */
export function nextServerLabel(records: readonly DataRecord[], kind: 'ns' | 'childns' | 'mx', name: string): string {
  const used = new Set(records.filter((r) => r.kind === kind && r.name === normalName(name)).map((r) => r.server));
  for (let c = 97; c <= 122; c++) if (!used.has(String.fromCharCode(c))) return String.fromCharCode(c);
  return 'z';
}
