// The rdata of one master-file record as wire bytes, from its words; RFC 3597 "\# LEN HEX"
// for any type.
import { parseIPv4, parseIPv6 } from '../names.js';
import { type Labels, nameWire, parseName } from './master-names.js';
import { type Token, wordBytes } from './master-tokens.js';
import { TYPES, parseTtlWord, typeName } from './master-types.js';

const u16 = (n: number) => Buffer.from([n >> 8, n & 255]);
const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);

function number(word: string | undefined, what: string, max: number): number {
  if (word === undefined) throw new Error(`missing ${what}`);
  if (!/^[0-9]+$/.test(word) || Number(word) > max) throw new Error(`bad ${what} "${word}": expected a number 0-${max}`);
  return Number(word);
}

function hex(words: string[], what: string): Buffer {
  const text = words.join('');
  if (!/^([0-9a-fA-F]{2})*$/.test(text)) throw new Error(`bad ${what} "${text}": expected an even number of hex digits`);
  return Buffer.from(text, 'hex');
}

function characterString(token: Token | undefined): Buffer {
  if (token === undefined) throw new Error('missing text');
  const bytes = wordBytes(token.text);
  if (bytes.length > 255) throw new Error(`string of ${bytes.length} bytes > 255: split it into several "..." strings`);
  return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}

/** An IPv4 address as 4 bytes; parseIPv4 says what is wrong with any other word. */
function ipv4Bytes(word: string): Buffer {
  const bytes = Buffer.allocUnsafe(4);
  let octet = 0;
  let digits = 0;
  let n = 0;
  for (let i = 0; i <= word.length; i++) {
    const c = i < word.length ? word.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || octet > 255 || n === 4) return Buffer.from(parseIPv4(word).split('.').map(Number));
      bytes[n++] = octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && !(digits === 1 && octet === 0) && digits < 3) {
      octet = octet * 10 + c - 48;
      digits++;
    } else return Buffer.from(parseIPv4(word).split('.').map(Number));
  }
  return n === 4 ? bytes : Buffer.from(parseIPv4(word).split('.').map(Number));
}

/** Several character-strings (TXT, SPF) in one Buffer. */
function characterStrings(tokens: Token[]): Buffer {
  const pieces = tokens.map((token) => {
    const bytes = wordBytes(token.text);
    if (bytes.length > 255) throw new Error(`string of ${bytes.length} bytes > 255: split it into several "..." strings`);
    return bytes;
  });
  let length = 0;
  for (const piece of pieces) length += piece.length + 1;
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const piece of pieces) {
    out[at++] = piece.length;
    piece.copy(out, at);
    at += piece.length;
  }
  return out;
}

/** The rdata of TYPE from its tokens (names relative to ORIGIN). */
export function parseRdata(type: number, tokens: Token[], origin: Labels | undefined): Buffer {
  // The types of most records, in one plain word or two, first: no list of words made.
  if (tokens.length === 1 && tokens[0].text !== '\\#') {
    const word = tokens[0].text;
    switch (type) {
      case TYPES.A:
        return ipv4Bytes(word);
      case TYPES.AAAA:
        return Buffer.from(parseIPv6(word));
      case TYPES.NS:
      case TYPES.CNAME:
      case TYPES.PTR:
      case TYPES.DNAME:
        return nameWire(parseName(word, origin));
    }
  }
  if (type === TYPES.MX && tokens.length === 2 && tokens[0].text !== '\\#') {
    const preference = number(tokens[0].text, 'MX preference', 65535);
    const host = nameWire(parseName(tokens[1].text, origin));
    const rdata = Buffer.allocUnsafe(2 + host.length);
    rdata.writeUInt16BE(preference, 0);
    host.copy(rdata, 2);
    return rdata;
  }
  const words = tokens.map((t) => t.text);
  const name = (i: number, what: string) => {
    if (words[i] === undefined) throw new Error(`missing ${what}`);
    return nameWire(parseName(words[i], origin));
  };
  const exactly = (n: number, form: string) => {
    if (words.length !== n) throw new Error(`${typeName(type)} takes ${form}, got ${words.length} word(s)`);
  };
  if (words[0] === '\\#' && !tokens[0].quoted) {
    const length = number(words[1], 'RFC 3597 length', 65535);
    const bytes = hex(words.slice(2), 'RFC 3597 data');
    if (bytes.length !== length) throw new Error(`RFC 3597 data of ${bytes.length} bytes, but its length says ${length}`);
    return bytes;
  }
  switch (type) {
    case TYPES.A:
      exactly(1, 'an IPv4 address');
      return ipv4Bytes(words[0]);
    case TYPES.AAAA:
      exactly(1, 'an IPv6 address');
      return Buffer.from(parseIPv6(words[0]));
    case TYPES.NS:
    case TYPES.CNAME:
    case TYPES.PTR:
    case TYPES.DNAME:
      exactly(1, 'a name');
      return name(0, 'name');
    case TYPES.MX:
      exactly(2, 'PREFERENCE HOST');
      return Buffer.concat([u16(number(words[0], 'MX preference', 65535)), name(1, 'MX host')]);
    case TYPES.SRV:
      exactly(4, 'PRIORITY WEIGHT PORT TARGET');
      return Buffer.concat([u16(number(words[0], 'SRV priority', 65535)), u16(number(words[1], 'SRV weight', 65535)), u16(number(words[2], 'SRV port', 65535)), name(3, 'SRV target')]);
    case TYPES.SOA: {
      exactly(7, 'MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM');
      const times = words.slice(2).map((w, i) => {
        const t = i === 0 ? (/^[0-9]+$/.test(w) ? Number(w) : undefined) : parseTtlWord(w);
        if (t === undefined || t > 4294967295) throw new Error(`bad SOA ${['serial', 'refresh', 'retry', 'expire', 'minimum'][i]} "${w}"`);
        return u32(t);
      });
      return Buffer.concat([name(0, 'SOA primary'), name(1, 'SOA contact'), ...times]);
    }
    case TYPES.TXT:
    case TYPES.SPF:
      if (words.length === 0) throw new Error(`${typeName(type)} takes one or more strings`);
      return characterStrings(tokens);
    case TYPES.HINFO:
      exactly(2, 'CPU OS');
      return Buffer.concat(tokens.map(characterString));
    case TYPES.CAA: {
      exactly(3, 'FLAGS TAG VALUE');
      const tag = Buffer.from(words[1], 'latin1');
      if (!/^[A-Za-z0-9]{1,255}$/.test(words[1])) throw new Error(`bad CAA tag "${words[1]}": expected letters and digits (issue, issuewild, iodef)`);
      return Buffer.concat([Buffer.from([number(words[0], 'CAA flags', 255), tag.length]), tag, wordBytes(words[2])]);
    }
    case TYPES.SSHFP:
      if (words.length < 3) throw new Error('SSHFP takes ALGORITHM TYPE FINGERPRINT');
      return Buffer.concat([Buffer.from([number(words[0], 'SSHFP algorithm', 255), number(words[1], 'SSHFP type', 255)]), hex(words.slice(2), 'SSHFP fingerprint')]);
    case TYPES.TLSA:
      if (words.length < 4) throw new Error('TLSA takes USAGE SELECTOR MATCHING DATA');
      return Buffer.concat([Buffer.from(words.slice(0, 3).map((w, i) => number(w, ['TLSA usage', 'TLSA selector', 'TLSA matching type'][i], 255))), hex(words.slice(3), 'TLSA data')]);
    case TYPES.DS:
      if (words.length < 4) throw new Error('DS takes KEYTAG ALGORITHM DIGESTTYPE DIGEST');
      return Buffer.concat([u16(number(words[0], 'DS key tag', 65535)), Buffer.from([number(words[1], 'DS algorithm', 255), number(words[2], 'DS digest type', 255)]), hex(words.slice(3), 'DS digest')]);
    case TYPES.NAPTR: {
      exactly(6, 'ORDER PREFERENCE FLAGS SERVICES REGEXP REPLACEMENT');
      return Buffer.concat([u16(number(words[0], 'NAPTR order', 65535)), u16(number(words[1], 'NAPTR preference', 65535)), ...tokens.slice(2, 5).map(characterString), name(5, 'NAPTR replacement')]);
    }
    default:
      throw new Error(`type ${typeName(type)} is read only in RFC 3597 form: ${typeName(type)} \\# LENGTH HEX`);
  }
}
