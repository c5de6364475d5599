// What an answer printed by djbdns's printpacket (tinydns-get, dnsqr, dnsq) says when it holds no
// record: "83 bytes, 1+0+1+0 records, response, authoritative, nxdomain" is a name that does
// not exist; "…, 1+0+1+0 records, response, noerror" a name without records of that type.

export interface PrintedPacket {
  /** The response code as printpacket names it: noerror, nxdomain, servfail, weird rcode … */
  rcode: string;
  answers: number;
}

/** The header line of the first packet in TEXT, or undefined when nothing was answered. */
export function readPrintedPacket(text: string): PrintedPacket | undefined {
  const header = /^\d+ bytes, \d+\+(\d+)\+\d+\+\d+ records, response(?:, [a-z ]+)*$/m.exec(text);
  if (!header) return undefined;
  const flags = header[0].split(', ').slice(3);
  const rcode = flags.find((flag) => /^(noerror|nxdomain|servfail|refused|notimp|formerr|weird rcode)$/.test(flag)) ?? 'noerror';
  return { rcode, answers: Number(header[1]) };
}

/** Why TEXT (a printed answer to TYPE NAME) gives the user nothing, or undefined when it has answers. */
export function emptyAnswerComplaint(text: string, type: string, name: string): string | undefined {
  const packet = readPrintedPacket(text);
  if (!packet) return `no answer for ${name}`;
  if (packet.rcode === 'nxdomain') return `no such name ${name} (NXDOMAIN)`;
  if (packet.rcode !== 'noerror') return `no answer for ${name}: ${packet.rcode}`;
  if (packet.answers === 0) return `no ${type.toUpperCase()} record for ${name}`;
  return undefined;
}
