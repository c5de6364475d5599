// DNS NOTIFY (RFC 1996): axfrdns never sends it, so an AXFR secondary would see a change only
// at its next SOA refresh. The message: opcode NOTIFY, AA set, one question ZONE SOA; the
// answer must echo the id and question with QR set and rcode NOERROR (RFC 1996 §3.7, §4.7).
import dnsPacket from 'dns-packet';

/** The opcode field of the header flags (bits 11-14): NOTIFY is 4; dns-packet takes it in flags. */
const NOTIFY_FLAGS = 4 << 11;

export function notifyMessage(zone: string, id: number): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id,
    flags: NOTIFY_FLAGS | dnsPacket.AUTHORITATIVE_ANSWER,
    questions: [{ type: 'SOA', name: zone, class: 'IN' }],
  });
}

/** Why ANSWER does not acknowledge our NOTIFY for ZONE with ID, or undefined when it does. */
export function notifyAnswerProblem(answer: Buffer, zone: string, id: number): string | undefined {
  // dns-packet's decoded header has opcode and rcode, which its types leave out.
  let decoded: ReturnType<typeof dnsPacket.decode> & { opcode?: string; rcode?: string };
  try {
    decoded = dnsPacket.decode(answer);
  } catch (error) {
    return `unreadable answer (${(error as Error).message})`;
  }
  if (decoded.id !== id) return `answer id ${decoded.id}, not ${id}`;
  if (decoded.type !== 'response') return 'not a response';
  if (decoded.opcode !== 'NOTIFY') return `answer opcode ${decoded.opcode}, not NOTIFY`;
  if (decoded.rcode !== 'NOERROR') return `refused: ${decoded.rcode}`;
  const question = decoded.questions?.[0];
  if (question && question.name.toLowerCase() !== zone.toLowerCase()) return `answer for ${question.name}, not ${zone}`;
  return undefined;
}
