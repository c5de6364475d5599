// Every record of a tinydns data.cdb, read the way tinydns serves it: the cdb's records in
// order (key: owner in wire form; value: type, "=" or ">LO", TTL, TTD, rdata; tinydns-data.c).
import { type Labels, wireName } from './master-names.js';

export interface ServedRecord {
  owner: Labels;
  /** The owner is a wildcard (tinydns-data stores "*.x" under x with a marked record). */
  wildcard: boolean;
  type: number;
  ttl: number;
  /** TAI64 time-to-die or time-to-live-from, 16 hex digits; all zero when none. */
  timestamp: string;
  location?: string;
  rdata: Buffer;
}

/** The "%" lines of a data.cdb (key "\0%" + prefix bytes, value the 2-byte code): prefix "10.0" (or "" for every client) and code. */
export function readCdbLocations(cdb: Buffer): Array<{ prefix: string; code: string }> {
  const found: Array<{ prefix: string; code: string }> = [];
  forEachEntry(cdb, (key, value) => {
    if (key[0] === 0 && key[1] === 37) found.push({ prefix: [...key.subarray(2)].join('.'), code: value.toString('latin1').replace(/\0+$/, '') });
  });
  return found;
}

function forEachEntry(cdb: Buffer, visit: (key: Buffer, value: Buffer) => void): void {
  let end = cdb.length;
  for (let slot = 0; slot < 256; slot++) {
    const at = cdb.readUInt32LE(slot * 8);
    if (cdb.readUInt32LE(slot * 8 + 4) > 0 || at < end) end = Math.min(end, at);
  }
  for (let at = 2048; at + 8 <= end; ) {
    const keyLength = cdb.readUInt32LE(at);
    const valueLength = cdb.readUInt32LE(at + 4);
    visit(cdb.subarray(at + 8, at + 8 + keyLength), cdb.subarray(at + 8 + keyLength, at + 8 + keyLength + valueLength));
    at += 8 + keyLength + valueLength;
  }
}

export function readCdbRecords(cdb: Buffer): ServedRecord[] {
  const records: ServedRecord[] = [];
  forEachEntry(cdb, (key, value) => {
    if (key[0] === 0) return; // "\0%" + prefix: a location line, not a record
    const record = decodeValue(key, value);
    if (record) records.push(record);
  });
  return records;
}

function decodeValue(key: Buffer, value: Buffer): ServedRecord | undefined {
  if (value.length < 15) return undefined;
  const type = value.readUInt16BE(0);
  let marker = value[2];
  const wildcard = marker === 42 || marker === 43; // "=" or ">" minus 19
  if (wildcard) marker += 19;
  let at = 3;
  let location: string | undefined;
  if (marker === 62) {
    location = value.subarray(3, 5).toString('latin1').replace(/\0+$/, '');
    at = 5;
  }
  const ttl = value.readUInt32BE(at);
  const timestamp = value.subarray(at + 4, at + 12).toString('hex');
  return { owner: wireName(key, 0).name, wildcard, type, ttl, timestamp, location, rdata: Buffer.from(value.subarray(at + 12)) };
}
