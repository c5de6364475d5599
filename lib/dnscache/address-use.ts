// Which addresses a dnscache may listen on, send to or answer: 0.0.0.0, the limited broadcast
// and multicast never name one server; a public listen address that answers a public client
// prefix is an open resolver (usable for amplification attacks by anyone on the Internet).
import { InvalidInput, quote } from '../invalid-input.js';

const octetsOf = (dotted: string) => dotted.split('.').map(Number);

/** Why IP cannot be one server or listen address, if it cannot. */
export function unusableAddress(ip: string): string | undefined {
  const [first] = octetsOf(ip);
  if (ip === '0.0.0.0') return '0.0.0.0 means "no address" (or every one), not a server';
  if (ip === '255.255.255.255') return 'it is the broadcast address';
  if (first >= 224 && first <= 239) return 'it is a multicast address (224.0.0.0/4)';
  if (first >= 240) return 'it is reserved (240.0.0.0/4)';
  return undefined;
}

/** A server (root/servers/DOMAIN) or listen address (IP): refuse what dnscache cannot use. */
export function validateUsableAddress(ip: string, role: string): string {
  const why = unusableAddress(ip);
  if (why) throw new InvalidInput(`bad ${role} ${quote(ip)}: ${why}; expected the address of one host, like 127.0.0.1`);
  return ip;
}

/** IPSEND may be 0.0.0.0 (any source: dnscache-conf's default); never broadcast or multicast. */
export function validateSendAddress(ip: string): string {
  return ip === '0.0.0.0' ? ip : validateUsableAddress(ip, 'IPSEND');
}

/**
 * Does every address starting with PREFIX (1 to 4 whole octets) lie in loopback, private
 * (RFC 1918), link-local or shared (RFC 6598) space? A shorter prefix covers more: "172" is public.
 */
export function prefixIsPrivate(prefix: string): boolean {
  const [a, b] = octetsOf(prefix);
  const has2 = prefix.split('.').length >= 2;
  if (a === 10 || a === 127) return true;
  if (!has2) return false;
  if (a === 172) return b >= 16 && b <= 31;
  if (a === 192) return b === 168;
  if (a === 169) return b === 254;
  if (a === 100) return b >= 64 && b <= 127;
  return false;
}

export const addressIsPublic = (ip: string) => !prefixIsPrivate(ip);

/** The complaint when listening on IP and answering PREFIXES makes an open resolver, if it does. */
export function openResolverComplaint(ip: string, prefixes: readonly string[]): string | undefined {
  if (!addressIsPublic(ip)) return undefined;
  const open = prefixes.filter((prefix) => !prefixIsPrivate(prefix));
  if (open.length === 0) return undefined;
  return `an open resolver: dnscache would listen on the public address ${ip} and answer the public client prefix ${open.join(', ')} ` +
    '(anyone there can use it, also for amplification attacks); if you really want that, specify -f';
}
