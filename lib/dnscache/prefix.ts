// Names that become file names under a dnscache root: client prefixes (root/ip/PREFIX),
// server domains (root/servers/DOMAIN) and IPv4 addresses. Valid values can never escape
// their directory: no "/", no "..", no leading dot, nothing but the characters listed.

import { InvalidInput, quote } from '../invalid-input.js';

const octetPattern = /^(0|[1-9][0-9]{0,2})$/;

function checkOctets(value: string, what: string, min: number, max: number, expected: string): string {
  const bad = (why: string): never => {
    throw new InvalidInput(`bad ${what} ${quote(value)}: ${why}; expected ${expected}`);
  };
  if (value === '') bad('empty');
  const octets = value.split('.');
  if (octets.length < min || octets.length > max) bad(`${octets.length} parts`);
  for (const octet of octets) {
    if (!octetPattern.test(octet)) {
      bad(octet === '' ? 'empty part' : /^0[0-9]/.test(octet) ? `leading zero in "${octet}"` : `"${octet}" is not a decimal number`);
    }
    if (Number(octet) > 255) bad(`octet ${octet} > 255`);
  }
  return value;
}

/** A dotted-decimal IPv4 address: 4 octets 0-255, no leading zeros. */
export function validateIPv4(ip: string): string {
  return checkOctets(ip, 'IP', 4, 4, 'an IPv4 address like 127.0.0.1');
}

/**
 * A client prefix file name for root/ip/: dnscache accepts 1.2.3.4 if ip/1.2.3.4, ip/1.2.3,
 * ip/1.2 or ip/1 exists (dnscache(8)), so a prefix is 1 to 4 whole octets.
 */
export function validateClientPrefix(prefix: string): string {
  return checkOctets(prefix, 'client prefix', 1, 4, '1 to 4 dotted octets like 127 or 10.1.2 (dnscache matches whole octets)');
}

const labelPattern = /^[a-z0-9_-]+$/;
export const DOMAIN_MAX_LENGTH = 253;
export const LABEL_MAX_LENGTH = 63;

/**
 * A file name for root/servers/: `@` for the roots, else a lower-case domain without
 * trailing dot (dnscache lower-cases names before matching; an upper-case file never matches).
 */
export function validateServersDomain(domain: string): string {
  if (domain === '@') return domain;
  const expected = 'a lower-case domain like corp.example (labels of a-z 0-9 - _, no trailing dot) or @ for the roots';
  const bad = (why: string): never => {
    throw new InvalidInput(`bad domain ${quote(domain)}: ${why}; expected ${expected}`);
  };
  if (domain === '') bad('empty');
  if (domain.length > DOMAIN_MAX_LENGTH) bad(`${domain.length} characters > ${DOMAIN_MAX_LENGTH}`);
  if (domain.endsWith('.')) bad('trailing dot');
  if (/[A-Z]/.test(domain)) bad(`upper case (use ${quote(domain.toLowerCase())})`);
  for (const label of domain.split('.')) {
    if (label === '') bad('empty label');
    if (label.length > LABEL_MAX_LENGTH) bad(`label of ${label.length} characters > ${LABEL_MAX_LENGTH}`);
    if (!labelPattern.test(label)) bad(`label ${quote(label)} has characters outside a-z 0-9 - _`);
  }
  return domain;
}
