// Names that become file names under a dnscache root: client prefixes (root/ip/PREFIX),
// server domains (root/servers/DOMAIN) and IPv4 addresses, in lib/names.ts's one grammar.
// Valid values can never escape their directory: no "/", no "..", no leading dot.

import { InvalidInput, quote } from '../invalid-input.js';
import { parseDomainName, parseIPv4, parseIPv4Prefix } from '../names.js';

/** A dotted-decimal IPv4 address: 4 octets 0-255, no leading zeros. */
export function validateIPv4(ip: string, what = 'IP'): string {
  return parseIPv4(ip, what);
}

/**
 * A client prefix file name for root/ip/: dnscache accepts 1.2.3.4 if ip/1.2.3.4, ip/1.2.3,
 * ip/1.2 or ip/1 exists (dnscache(8)), so a prefix is 1 to 4 whole octets.
 */
export function validateClientPrefix(prefix: string): string {
  if (prefix === '') throw new InvalidInput(`bad client prefix ${quote(prefix)}: empty; expected 1 to 4 octets like 127 or 10.0.2`);
  return parseIPv4Prefix(prefix, 'client prefix');
}

/**
 * A file name for root/servers/: `@` for the roots, else a domain, lowercased and without its
 * trailing dot (dnscache lowercases names before matching; an upper-case file never matches).
 */
export function validateServersDomain(domain: string): string {
  if (domain === '@') return domain;
  return parseDomainName(domain, 'domain name', { wildcard: false });
}
