// Master-file records as tinydns data lines: SOA as Z (serial and timers kept), NS as "&",
// A "+", MX "@", CNAME "C", PTR "^", a short single-string TXT "'"; the rest as generic ":".
import { escapeBytes, escapeText } from './escape.js';
import type { MasterRecord } from './master-file.js';
import { nameData, wireName, wireNameData } from './master-names.js';
import { TYPES } from './master-types.js';

/** tinydns-data cuts a "'" line's text into strings of 127 bytes: only such TXT round-trips as "'". */
const TXT_PIECE = 127;

/**
 * The data line of R. Lines are joined from their fields (a flat string), not concatenated:
 * 100,000 concatenated lines are trees of pieces that cost the import 80 MB and its GC time.
 */
export function dataLine(r: MasterRecord): string {
  const owner = nameData(r.owner);
  const target = (offset: number) => wireNameData(r.rdata, offset);
  const generic = () => [':', owner, ':', r.type, ':', escapeBytes(r.rdata), ':', r.ttl].join('');
  switch (r.type) {
    case TYPES.SOA: {
      const mname = wireName(r.rdata, 0);
      const rname = wireName(r.rdata, mname.end);
      const times = [0, 4, 8, 12, 16].map((k) => r.rdata.readUInt32BE(rname.end + k));
      return `Z${owner}:${nameData(mname.name)}:${nameData(rname.name)}:${times.join(':')}:${r.ttl}`;
    }
    case TYPES.NS:
      return ['&', owner, '::', target(0), ':', r.ttl].join('');
    case TYPES.A:
      return ['+', owner, ':', r.rdata[0], '.', r.rdata[1], '.', r.rdata[2], '.', r.rdata[3], ':', r.ttl].join('');
    case TYPES.MX:
      return ['@', owner, '::', target(2), ':', r.rdata.readUInt16BE(0), ':', r.ttl].join('');
    case TYPES.CNAME:
      return ['C', owner, ':', target(0), ':', r.ttl].join('');
    case TYPES.PTR:
      return ['^', owner, ':', target(0), ':', r.ttl].join('');
    case TYPES.TXT: {
      const length = r.rdata[0];
      if (length > 0 && length <= TXT_PIECE && r.rdata.length === length + 1) return ["'", owner, ':', escapeText(r.rdata.subarray(1)), ':', r.ttl].join('');
      return generic();
    }
    default:
      return generic();
  }
}
