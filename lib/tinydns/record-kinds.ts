// The record kinds iim-tinydns writes, their arguments, and tinydns-edit's default TTLs.
export type RecordKind =
  | 'ns' | 'childns' | 'host' | 'alias' | 'mx' | 'cname' | 'txt' | 'ptr' | 'srv' | 'aaaa'
  | 'soa' | 'location' | 'caa' | 'generic';

/** Arguments each kind takes after its name, for usage texts. */
export const RECORD_ARGS: Record<RecordKind, string> = {
  ns: 'ZONE IP [NAME]',
  childns: 'ZONE IP [NAME]',
  host: 'NAME IP [TTL]',
  alias: 'NAME IP [TTL]',
  mx: 'DOMAIN IP [DISTANCE] [NAME]',
  cname: 'NAME TARGET [TTL]',
  txt: 'NAME TEXT [TTL]',
  ptr: 'NAME TARGET [TTL]',
  srv: 'NAME TARGET PORT [PRIORITY] [WEIGHT] [TTL]',
  aaaa: 'NAME IPV6 [TTL]',
  soa: 'ZONE PRIMARY CONTACT [SERIAL] [REFRESH] [RETRY] [EXPIRE] [MINIMUM]',
  location: 'CODE IPPREFIX',
  caa: 'NAME FLAGS TAG VALUE [TTL]',
  generic: 'NAME TYPE DATA [TTL]',
};

export const RECORD_KINDS = Object.keys(RECORD_ARGS) as RecordKind[];

/** Default TTLs of tinydns-edit: 259200 for name servers, 86400 for the rest. */
export const TTL_NS = 259200;
export const TTL_DEFAULT = 86400;
/** tinydns-data's defaults of a Z line (tinydns-data.c): TTL, refresh, retry, expire, minimum. */
export const SOA_DEFAULTS = { ttl: 2560, refresh: 16384, retry: 2048, expire: 1048576, minimum: 2560 } as const;

export const TYPE_AAAA = 28;
export const TYPE_SRV = 33;
export const TYPE_CAA = 257;

/** The TTL tinydns-data gives a line of KIND whose TTL field is empty. */
export function defaultTtl(kind: string): number {
  if (kind === 'ns' || kind === 'childns') return TTL_NS;
  if (kind === 'soa') return SOA_DEFAULTS.ttl;
  return TTL_DEFAULT;
}

export function isRecordKind(value: string): value is RecordKind {
  return Object.hasOwn(RECORD_ARGS, value);
}
