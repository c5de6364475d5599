// The dyndns2 protocol as ddclient 3.10 speaks it: GET /nic/update?hostname=a,b&myip=IP
// (myipv6=, or "myip=v4,v6" in one parameter, ddclient#762), Basic auth, and one reply line
// per hostname: good IP, nochg IP, badauth, notfqdn, nohost, !yours, abuse, dnserr, 911.
import { parseDomainName, parseIPv4, parseIPv6, formatIPv6 } from '../names.js';

export type ReplyCode = 'good' | 'nochg' | 'badauth' | 'notfqdn' | 'nohost' | '!yours' | 'abuse' | 'dnserr' | '911' | 'badagent' | 'numhost';

/** The addresses one request asks for: IPv4 and/or IPv6, in their canonical text. */
export interface Addresses {
  v4?: string;
  v6?: string;
}

export type ParsedUpdate =
  | { ok: true; hostnames: string[]; addresses: Addresses }
  | { ok: false; code: ReplyCode; why: string };

/** The most hostnames one request may name (dyndns2 answers "numhost" beyond). */
export const MAX_HOSTNAMES = 20;

/**
 * The hostnames and addresses of /nic/update's query; `peer` (the client's address) stands in
 * when no myip is given, as dyndns2 servers do. A refusal names its reply code.
 */
export function parseUpdateQuery(query: URLSearchParams, peer: string | undefined): ParsedUpdate {
  // A repeated parameter would be answered for its first value only: refused, as ambiguous.
  for (const name of ['hostname', 'myip', 'myipv6']) {
    const count = query.getAll(name).length;
    if (count > 1) return { ok: false, code: name === 'hostname' ? 'notfqdn' : 'dnserr', why: `${count} ${name} parameters, at most one (a list is comma-separated)` };
  }
  const hostnameField = query.get('hostname');
  if (!hostnameField) return { ok: false, code: 'notfqdn', why: 'no hostname parameter' };
  const names = hostnameField.split(',').map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) return { ok: false, code: 'notfqdn', why: 'empty hostname parameter' };
  if (names.length > MAX_HOSTNAMES) return { ok: false, code: 'numhost', why: `${names.length} hostnames, at most ${MAX_HOSTNAMES}` };
  const hostnames: string[] = [];
  for (const name of names) {
    const fqdn = fqdnOf(name);
    if (fqdn === undefined) return { ok: false, code: 'notfqdn', why: `not a fully qualified name: ${JSON.stringify(name)}` };
    hostnames.push(fqdn);
  }
  const words = [...query.getAll('myip'), ...query.getAll('myipv6')].flatMap((value) => value.split(',')).map((w) => w.trim()).filter(Boolean);
  if (words.length === 0 && peer) words.push(peer.replace(/^::ffff:/, ''));
  if (words.length > 2) return { ok: false, code: 'dnserr', why: `${words.length} addresses, at most one IPv4 and one IPv6` };
  const addresses: Addresses = {};
  for (const word of words) {
    const address = addressOf(word);
    if (address === undefined) return { ok: false, code: 'dnserr', why: `bad IP address ${JSON.stringify(word)}` };
    if (addresses[address.family] !== undefined && addresses[address.family] !== address.text) {
      return { ok: false, code: 'dnserr', why: `two different ${address.family} addresses` };
    }
    addresses[address.family] = address.text;
  }
  if (!addresses.v4 && !addresses.v6) return { ok: false, code: 'dnserr', why: 'no address (myip) and no client address' };
  return { ok: true, hostnames, addresses };
}

/** A lowercased name with at least two labels, LDH, no trailing dot; undefined otherwise. */
export function fqdnOf(name: string): string | undefined {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  if (!/^[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$/.test(bare) || bare.length > 253) return undefined;
  if (bare.split('.').some((label) => label.startsWith('-') || label.endsWith('-'))) return undefined;
  try {
    return parseDomainName(bare.toLowerCase(), 'hostname', { wildcard: false });
  } catch {
    return undefined;
  }
}

/** An address a host can have: not unspecified (0.0.0.0, ::), not broadcast, not an IPv4-mapped IPv6 (::ffff:a.b.c.d, an A in disguise). */
function addressOf(word: string): { family: 'v4' | 'v6'; text: string } | undefined {
  try {
    if (word.includes(':')) {
      const bytes = parseIPv6(word);
      const mapped = bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
      if (mapped || bytes.every((byte) => byte === 0)) return undefined;
      return { family: 'v6', text: formatIPv6(bytes) };
    }
    const text = parseIPv4(word);
    return text === '0.0.0.0' || text === '255.255.255.255' ? undefined : { family: 'v4', text };
  } catch {
    return undefined;
  }
}

/** The user and password of an "Authorization: Basic …" header; undefined when absent or malformed. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const match = header && /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** One reply line: "good 192.0.2.1", "nochg 192.0.2.1,2001:db8::1", or the bare code. */
export function replyLine(code: ReplyCode, addresses?: Addresses): string {
  if ((code === 'good' || code === 'nochg') && addresses) return `${code} ${[addresses.v4, addresses.v6].filter(Boolean).join(',')}`;
  return code;
}
