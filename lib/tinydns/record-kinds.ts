// The record kinds iim-tinydns writes, their arguments, and tinydns-edit's default TTLs.
export type RecordKind = 'ns' | 'childns' | 'host' | 'alias' | 'mx' | 'cname' | 'txt' | 'ptr' | 'srv' | 'aaaa';

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
};

export const RECORD_KINDS = Object.keys(RECORD_ARGS) as RecordKind[];

/** Default TTLs of tinydns-edit: 259200 for name servers, 86400 for the rest. */
export const TTL_NS = 259200;
export const TTL_DEFAULT = 86400;

export const TYPE_AAAA = 28;
export const TYPE_SRV = 33;

export function isRecordKind(value: string): value is RecordKind {
  return Object.hasOwn(RECORD_ARGS, value);
}

/** Builds a record from command-line words (`host www.example.com 10.0.0.1 300`), checking each. */
