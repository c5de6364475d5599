// Wire rdata as master-file text, per type; RFC 3597 "\# LEN HEX" for types without a syntax here
// or rdata that does not parse as its type.
import { formatIPv6 } from '../names.js';
import { nameText, wireName } from './master-names.js';
import { TYPES, typeName } from './master-types.js';

function characterStrings(rdata: Buffer, from = 0): string[] {
  const out: string[] = [];
  for (let at = from; at < rdata.length; ) {
    const length = rdata[at];
    if (at + 1 + length > rdata.length) throw new Error('string runs past the end');
    out.push(quoteString(rdata.subarray(at + 1, at + 1 + length)));
    at += 1 + length;
  }
  return out;
}

export function quoteString(bytes: Uint8Array): string {
  let out = '"';
  for (const b of bytes) {
    if (b === 34 || b === 92) out += '\\' + String.fromCharCode(b);
    else if (b < 32 || b > 126) out += '\\' + String(b).padStart(3, '0');
    else out += String.fromCharCode(b);
  }
  return out + '"';
}

const generic = (rdata: Buffer) => (rdata.length ? `\\# ${rdata.length} ${rdata.toString('hex').toUpperCase()}` : '\\# 0');

/** TYPE and its data as a master file writes them: "MX 10 mail.example.test.". */
export function rdataText(type: number, rdata: Buffer): string {
  try {
    const text = known(type, rdata);
    if (text !== undefined) return `${typeName(type)} ${text}`;
  } catch {
    // not what its type says: written as unknown data
  }
  return `TYPE${type} ${generic(rdata)}`;
}

function known(type: number, rdata: Buffer): string | undefined {
  const name = (at: number, last = true) => {
    const read = wireName(rdata, at);
    if (last && read.end !== rdata.length) throw new Error('trailing bytes');
    return read;
  };
  switch (type) {
    case TYPES.A:
      return rdata.length === 4 ? [...rdata].join('.') : undefined;
    case TYPES.AAAA:
      return rdata.length === 16 ? formatIPv6(rdata) : undefined;
    case TYPES.NS:
    case TYPES.CNAME:
    case TYPES.PTR:
    case TYPES.DNAME:
      return nameText(name(0).name);
    case TYPES.MX:
      return `${rdata.readUInt16BE(0)} ${nameText(name(2).name)}`;
    case TYPES.SRV:
      return `${rdata.readUInt16BE(0)} ${rdata.readUInt16BE(2)} ${rdata.readUInt16BE(4)} ${nameText(name(6).name)}`;
    case TYPES.SOA: {
      const mname = name(0, false);
      const rname = name(mname.end, false);
      if (rname.end + 20 !== rdata.length) return undefined;
      const times = [0, 4, 8, 12, 16].map((k) => rdata.readUInt32BE(rname.end + k));
      return `${nameText(mname.name)} ${nameText(rname.name)} ${times.join(' ')}`;
    }
    case TYPES.TXT:
    case TYPES.SPF:
      return rdata.length ? characterStrings(rdata).join(' ') : undefined;
    case TYPES.HINFO: {
      const strings = characterStrings(rdata);
      return strings.length === 2 ? strings.join(' ') : undefined;
    }
    case TYPES.CAA: {
      const tagLength = rdata[1];
      const tag = rdata.subarray(2, 2 + tagLength).toString('latin1');
      if (rdata.length < 2 + tagLength || !/^[A-Za-z0-9]+$/.test(tag)) return undefined;
      return `${rdata[0]} ${tag} ${quoteString(rdata.subarray(2 + tagLength))}`;
    }
    default:
      return undefined;
  }
}
