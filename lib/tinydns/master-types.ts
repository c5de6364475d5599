// DNS type mnemonics of master files and their numbers (RFC 3597 TYPEnn for the rest).

export const TYPES: Record<string, number> = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, HINFO: 13, MX: 15, TXT: 16, AAAA: 28, SRV: 33,
  SPF: 99, CAA: 257, SSHFP: 44, TLSA: 52, DS: 43, NAPTR: 35, DNAME: 39,
};

/** Types BIND knows whose own syntax we do not read: accepted in RFC 3597 form only. */
const OTHER_KNOWN = ['MD', 'MF', 'MB', 'MG', 'MR', 'NULL', 'WKS', 'MINFO', 'RP', 'AFSDB', 'X25', 'ISDN', 'RT', 'NSAP', 'SIG', 'KEY', 'PX', 'GPOS', 'LOC', 'NXT', 'EID', 'NIMLOC', 'ATMA', 'KX', 'CERT', 'A6', 'SINK', 'APL', 'IPSECKEY', 'RRSIG', 'NSEC', 'DNSKEY', 'DHCID', 'NSEC3', 'NSEC3PARAM', 'SMIMEA', 'HIP', 'CDS', 'CDNSKEY', 'OPENPGPKEY', 'CSYNC', 'ZONEMD', 'SVCB', 'HTTPS', 'URI', 'EUI48', 'EUI64', 'L32', 'L64', 'LP', 'NID', 'TA', 'DLV', 'AVC', 'DOA', 'AMTRELAY', 'RESINFO', 'WALLET', 'CLA', 'IPN'];

const NAMES = new Map(Object.entries(TYPES).map(([name, n]) => [n, name]));

/** The type a word names: a mnemonic we read, TYPEnn, or undefined; "known" when BIND has its own syntax for it. */
export function typeOf(word: string): Readonly<{ type: number; known: boolean }> | undefined {
  const seen = TYPE_WORDS.get(word);
  if (seen) return seen;
  const type = typeOfWord(word);
  if (type && TYPE_WORDS.size < 1000) TYPE_WORDS.set(word, type);
  return type;
}

/** typeOf of the words seen before ("A", "in", "TXT"...): a file names a few types 100,000 times. */
const TYPE_WORDS = new Map<string, Readonly<{ type: number; known: boolean }>>();

function typeOfWord(word: string): { type: number; known: boolean } | undefined {
  const upper = word.toUpperCase();
  if (Object.hasOwn(TYPES, upper)) return { type: TYPES[upper], known: true };
  const m = /^TYPE([0-9]{1,5})$/.exec(upper);
  if (m && Number(m[1]) <= 65535) return { type: Number(m[1]), known: false };
  if (OTHER_KNOWN.includes(upper)) return { type: -1, known: true };
  return undefined;
}

export function typeName(type: number): string {
  return NAMES.get(type) ?? `TYPE${type}`;
}

/** TTLs with BIND's units: 3600, 1h, 1h30m, 2w. */
export function parseTtlWord(word: string): number | undefined {
  const first = word.charCodeAt(0);
  if (!(first >= 48 && first <= 57)) return undefined; // both forms start with a digit
  if (/^[0-9]+$/.test(word)) return checkU32(Number(word));
  if (!/^([0-9]+[wdhmsWDHMS])+$/.test(word)) return undefined;
  const unit: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };
  let total = 0;
  for (const [, n, u] of word.matchAll(/([0-9]+)([a-zA-Z])/g)) total += Number(n) * unit[u.toLowerCase()];
  return checkU32(total);
}

function checkU32(n: number): number | undefined {
  return n <= 4294967295 ? n : undefined;
}
