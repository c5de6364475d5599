// The one grammar of domain names and IPv4 addresses for every script (tinydns records, dnscache
// client prefixes and forwarded domains, setup addresses): parses user input into checked values,
// or throws InvalidInput quoting the value and saying what was expected. DNS names are
// case-insensitive (RFC 4343), and dnscache lowercases a query before matching root/servers:
// names are accepted in any case and lowercased, silently.
import { InvalidInput, quote } from './invalid-input.js';

export { InvalidInput };

const LABEL = /^[a-z0-9_-]+$/;
export const U32_MAX = 4294967295;

export interface DomainNameOptions {
  /** "*" as the whole first label (a tinydns wildcard); dnscache's root/servers has none. */
  wildcard?: boolean;
}

/**
 * A domain name, lowercased, without its trailing dot: letters, digits, "-", "_"
 * and "*" as the whole first label; no empty label; no label that starts or ends with "-";
 * a last label that is not all digits (that is an address); labels ≤ 63, name ≤ 253 bytes.
 */
export function parseDomainName(value: string, what = 'domain name', { wildcard = true }: DomainNameOptions = {}): string {
  const name = (value.endsWith('.') ? value.slice(0, -1) : value).toLowerCase();
  if (name === '') throw new InvalidInput(`bad ${what} ${quote(value)}: empty`);
  if (name.length > 253) throw new InvalidInput(`bad ${what} ${quote(value)}: ${name.length} bytes > 253`);
  const labels = name.split('.');
  labels.forEach((label, i) => {
    if (label === '') throw new InvalidInput(`bad ${what} ${quote(value)}: empty label`);
    if (label.length > 63) {
      throw new InvalidInput(`bad ${what} ${quote(value)}: label ${quote(label)} is ${label.length} bytes > 63`);
    }
    if (label === '*' && i === 0 && wildcard) return;
    if (!LABEL.test(label)) {
      const bad = [...label].find((c) => !LABEL.test(c)) ?? label;
      throw new InvalidInput(
        `bad ${what} ${quote(value)}: character ${quote(bad)} not allowed (expected letters, digits, "-", "_"${wildcard ? ', or "*" as the whole first label' : ''})`,
      );
    }
    // RFC 952/1123 host names: a hyphen only inside a label ("-a" reads as an option, too)
    if (label.startsWith('-') || label.endsWith('-')) {
      throw new InvalidInput(`bad ${what} ${quote(value)}: label ${quote(label)} ${label.startsWith('-') ? 'starts' : 'ends'} with "-"`);
    }
  });
  // RFC 3696 §2: a top-level label is never all digits; such a name is a mistyped address
  if (/^[0-9]+$/.test(labels[labels.length - 1])) {
    throw new InvalidInput(`bad ${what} ${quote(value)}: its last label ${quote(labels[labels.length - 1])} is all digits (an address is not a name)`);
  }
  return name;
}

/**
 * A dotted-quad IPv4 address. A leading zero is refused: tinydns-data reads "010.1.1.1" as
 * 10.1.1.1 and "1.2.3.0377" as 1.2.3.121 (decimal, then modulo 256: Debian's tinydns-data,
 * checked with tinydns-get), while inet_aton and many tools read 010 as octal 8.
 */
export function parseIPv4(value: string, what = 'IP'): string {
  const parts = value.split('.');
  if (parts.length !== 4) throw new InvalidInput(`bad ${what} ${quote(value)}: expected 4 octets, got ${parts.length}`);
  return parts.map((part) => parseOctet(part, value, what)).join('.');
}

function parseOctet(part: string, value: string, what: string): string {
  if (part === '') throw new InvalidInput(`bad ${what} ${quote(value)}: empty octet`);
  if (!/^[0-9]{1,3}$/.test(part)) {
    throw new InvalidInput(`bad ${what} ${quote(value)}: octet ${quote(part)} is not a number 0-255`);
  }
  const octet = Number(part);
  if (part.length > 1 && part.startsWith('0')) {
    throw new InvalidInput(`bad ${what} ${quote(value)}: octet ${quote(part)} has a leading zero (tinydns-data reads it as decimal ${octet % 256}, other tools as octal): write ${octet}`);
  }
  if (octet > 255) throw new InvalidInput(`bad ${what} ${quote(value)}: octet ${octet} > 255`);
  return String(octet);
}

/**
 * An address prefix of 1 to 4 whole octets, as dnscache's root/ip/PREFIX and tinydns's "%" lines
 * match them ("10.0.2" is 10.0.2.0/24). CIDR is refused, naming the prefix it means when it has one.
 */
export function parseIPv4Prefix(value: string, what = 'prefix'): string {
  const cidr = /^([0-9.]+)\/([0-9]{1,2})$/.exec(value);
  if (cidr) {
    const bits = Number(cidr[2]);
    const octets = cidr[1].split('.');
    const kept = octets.slice(0, bits / 8).join('.');
    if (bits % 8 === 0 && bits > 0 && bits <= 32 && kept !== '') {
      throw new InvalidInput(`bad ${what} ${quote(value)}: prefixes are whole octets, not CIDR: for ${value} write ${kept}`);
    }
    throw new InvalidInput(`bad ${what} ${quote(value)}: prefixes are whole octets, not CIDR, and /${bits} is not a whole number of octets: give each /8, /16 or /24 it holds`);
  }
  const parts = value.split('.');
  if (parts.length > 4) throw new InvalidInput(`bad ${what} ${quote(value)}: expected 1 to 4 octets, got ${parts.length}`);
  return parts.map((part) => parseOctet(part, value, what)).join('.');
}

function ipv4Bytes(value: string, whole: string): number[] {
  try {
    return parseIPv4(value).split('.').map(Number);
  } catch (e) {
    throw new InvalidInput(`bad IPv6 address ${quote(whole)}: embedded ${(e as Error).message.replace(/^bad IP /, 'IPv4 ')}`);
  }
}

/** An IPv6 address in any RFC 4291 text form ("::", embedded IPv4) as its 16 bytes. */
export function parseIPv6(value: string): Uint8Array {
  const bad = (why: string) => new InvalidInput(`bad IPv6 address ${quote(value)}: ${why}`);
  if (!/^[0-9a-fA-F:.]+$/.test(value)) throw bad('expected hex groups separated by ":" (and an optional dotted IPv4 tail)');
  const halves = value.split('::');
  if (halves.length > 2) throw bad('"::" may appear only once');
  const groupsOf = (text: string, last: boolean): number[] => {
    if (text === '') return [];
    const words: number[] = [];
    const parts = text.split(':');
    parts.forEach((part, i) => {
      if (last && i === parts.length - 1 && part.includes('.')) {
        const [a, b, c, d] = ipv4Bytes(part, value);
        words.push((a << 8) | b, (c << 8) | d);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
        words.push(parseInt(part, 16));
      } else {
        throw bad(`group ${quote(part)} is not 1 to 4 hex digits`);
      }
    });
    return words;
  };
  const head = groupsOf(halves[0], halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1], true) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 && missing !== 0) throw bad(`expected 8 groups, got ${head.length}`);
  if (halves.length === 2 && missing < 1) throw bad('"::" must stand for at least one zero group');
  const words = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 255;
  });
  return bytes;
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run of 2+ zero groups as "::". */
export function formatIPv6(bytes: Uint8Array): string {
  const words = Array.from({ length: 8 }, (_, i) => (bytes[2 * i] << 8) | bytes[2 * i + 1]);
  let best = -1, bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best < 0) return hex.join(':');
  return hex.slice(0, best).join(':') + '::' + hex.slice(best + bestLength).join(':');
}

/** An unsigned decimal number 0..max, digits only. */
export function parseNumber(value: string, what: string, max: number): number {
  if (!/^[0-9]+$/.test(value)) throw new InvalidInput(`bad ${what} ${quote(value)}: expected a number 0-${max}`);
  const n = Number(value);
  if (n > max) throw new InvalidInput(`bad ${what} ${quote(value)}: ${value} > ${max}`);
  return n;
}

export function parseTtl(value: string): number {
  return parseNumber(value, 'TTL', U32_MAX);
}
