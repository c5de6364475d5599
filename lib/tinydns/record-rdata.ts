// Rdata of the generic-line kinds: CAA (RFC 8659: flags, tag, value) and any type in
// RFC 3597's "\# LEN HEX" form, as tinydns-data stores the bytes of a ":" line.
import { InvalidInput, quote } from '../invalid-input.js';

/** Types only a query asks for (RFC 1035 and 1995: IXFR, AXFR, MAILB, MAILA, ANY): no record holds them. */
const QUERY_ONLY = new Set([251, 252, 253, 254, 255]);

export function parseGenericType(value: string): number {
  const m = /^(?:TYPE)?([0-9]{1,5})$/i.exec(value);
  const type = m ? Number(m[1]) : NaN;
  if (!m || type < 1 || type > 65535 || QUERY_ONLY.has(type)) {
    throw new InvalidInput(`bad record type ${quote(value)}: expected a number 1-65535 (TYPEnn), not 251-255 (query types)`);
  }
  return type;
}

/** RFC 3597 data, "\# LEN HEX" (hex may be split by spaces), as "\# LEN HEX" with one upper-case hex word. */
export function parseGenericData(value: string): string {
  const m = /^\\#\s+([0-9]{1,5})((?:\s+[0-9A-Fa-f]+)*)\s*$/.exec(value);
  const hex = m ? m[2].replace(/\s+/g, '') : '';
  const length = m ? Number(m[1]) : -1;
  if (!m || hex.length % 2 !== 0 || hex.length / 2 !== length || length > 65535) {
    const why = m ? `${length} bytes announced, ${hex.length / 2} given` : 'expected \\# LEN HEX (RFC 3597), e.g. "\\# 4 0a000001"';
    throw new InvalidInput(`bad generic data ${quote(value)}: ${hex.length % 2 ? 'an odd number of hex digits' : why}`);
  }
  return length === 0 ? '\\# 0' : `\\# ${length} ${hex.toUpperCase()}`;
}

export function genericDataOf(rdata: Uint8Array): string {
  return rdata.length === 0 ? '\\# 0' : `\\# ${rdata.length} ${Buffer.from(rdata).toString('hex').toUpperCase()}`;
}

/** CAA rdata: flags (0, or 128 critical), a tag of letters and digits (issue, issuewild, iodef), the value's bytes. */
export function caaRdata(flags: number, tag: string, value: string): Uint8Array {
  if (!Number.isInteger(flags) || flags < 0 || flags > 255) throw new InvalidInput(`bad CAA flags ${quote(String(flags))}: expected a number 0-255 (128: critical)`);
  if (!/^[A-Za-z0-9]{1,15}$/.test(tag)) throw new InvalidInput(`bad CAA tag ${quote(tag)}: expected 1 to 15 letters or digits (issue, issuewild, iodef)`);
  const bytes = Buffer.from(value, 'utf8');
  return Uint8Array.from([flags, tag.length, ...Buffer.from(tag, 'latin1'), ...bytes]);
}

/** flags, tag and value of CAA rdata, or undefined when the bytes are not a CAA record. */
export function readCaa(rdata: Uint8Array): { flags: number; tag: string; value: string } | undefined {
  if (rdata.length < 2 || rdata[1] < 1 || rdata.length < 2 + rdata[1]) return undefined;
  const tag = Buffer.from(rdata.subarray(2, 2 + rdata[1])).toString('latin1');
  if (!/^[A-Za-z0-9]+$/.test(tag)) return undefined;
  const value = Buffer.from(rdata.subarray(2 + rdata[1]));
  const text = value.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(value)) return undefined; // not UTF-8: shown as generic data
  return { flags: rdata[0], tag, value: text };
}
