// ACME DNS-01 (RFC 8555 §8.4): the TXT record _acme-challenge.NAME holding the client's
// key authorization digest, named the ways clients hand it over, and read back from answers.
import dnsPacket from 'dns-packet';
import { InvalidInput, quote } from '../invalid-input.js';
import { parseDomainName } from '../names.js';

const PREFIX = '_acme-challenge.';

/**
 * The challenge's owner name for what a client gives: a domain (certbot's CERTBOT_DOMAIN,
 * dehydrated's DOMAIN), a wildcard "*.x" (its challenge is x's: RFC 8555 §8.4 names the base
 * domain), or the record's own name "_acme-challenge.x." (lego's FQDN).
 */
export function challengeName(value: string): string {
  let name = parseDomainName(value, 'domain name');
  if (name.startsWith('*.')) name = name.slice(2);
  return name.startsWith(PREFIX) ? name : PREFIX + name;
}

/**
 * A challenge value: base64url (RFC 8555 §8.4: the SHA-256 digest, 43 characters), which
 * tinydns-data stores as it is; anything else (":" or a newline would break the data line) is refused.
 */
export function parseChallengeValue(value: string): string {
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(value)) {
    throw new InvalidInput(`bad challenge value ${quote(value)}: expected base64url (letters, digits, "-", "_"; 43 of them from an ACME client)`);
  }
  return value;
}

/** A DNS query for the TXT records of NAME, with ID (no recursion asked: authoritative servers answer it). */
export function txtQuery(name: string, id: number): Buffer {
  return dnsPacket.encode({ type: 'query', id, flags: 0, questions: [{ type: 'TXT', name, class: 'IN' }] });
}

/**
 * The TXT texts an answer gives for NAME (each record's strings joined), or why it gives none
 * that count: a wrong id (an answer to an earlier try), a refusal, a non-authoritative answer.
 */
export function txtAnswer(answer: Buffer, name: string, id: number): { texts: string[] } | { error: string } {
  let decoded: ReturnType<typeof dnsPacket.decode> & { rcode?: string };
  try {
    decoded = dnsPacket.decode(answer);
  } catch (error) {
    return { error: `unreadable answer (${(error as Error).message})` };
  }
  if (decoded.id !== id) return { error: `answer id ${decoded.id}, not ${id}` };
  if (decoded.rcode !== 'NOERROR' && decoded.rcode !== 'NXDOMAIN') return { error: `answers ${decoded.rcode}` };
  if (!((decoded.flags ?? 0) & dnsPacket.AUTHORITATIVE_ANSWER)) return { error: 'answers, but not authoritatively (not a server of this zone?)' };
  const texts = (decoded.answers ?? [])
    .filter((record) => record.type === 'TXT' && record.name.toLowerCase() === name)
    .map((record) => {
      const data = (record as { data: Buffer | Buffer[] | string }).data;
      return (Array.isArray(data) ? data : [data]).map((part) => part.toString()).join('');
    });
  return { texts };
}
