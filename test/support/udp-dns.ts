// One DNS question over UDP from a chosen loopback source address (dnsq cannot choose its
// source, and tinydns picks a location by the client's IP): the A answers, retried until a deadline.
import { createSocket } from 'node:dgram';

function question(name: string, type: number): Buffer {
  const labels = name.split('.').flatMap((label) => [Buffer.from([label.length]), Buffer.from(label, 'latin1')]);
  const header = Buffer.from([0x4a, 0x35, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  const tail = Buffer.from([0, type >> 8, type & 255, 0, 1]);
  return Buffer.concat([header, ...labels, tail]);
}

function skipName(packet: Buffer, at: number): number {
  while (packet[at] !== 0) {
    if ((packet[at] & 0xc0) === 0xc0) return at + 2;
    at += packet[at] + 1;
  }
  return at + 1;
}

/** The A records of an answer as "TTL IP" strings, in order. */
function answersOf(packet: Buffer): string[] {
  const count = packet.readUInt16BE(6);
  let at = skipName(packet, 12) + 4;
  const found: string[] = [];
  for (let i = 0; i < count; i++) {
    at = skipName(packet, at);
    const type = packet.readUInt16BE(at);
    const ttl = packet.readUInt32BE(at + 4);
    const length = packet.readUInt16BE(at + 8);
    if (type === 1 && length === 4) found.push(`${ttl} ${[...packet.subarray(at + 10, at + 14)].join('.')}`);
    at += 10 + length;
  }
  return found;
}

/** Ask SERVER:53 for the A records of NAME from SOURCE; retried (1 s per try) until an answer or the deadline. */
export async function askA(server: string, name: string, source: string, timeoutMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await new Promise<Buffer | undefined>((resolve) => {
      const socket = createSocket('udp4');
      const done = (packet?: Buffer) => {
        clearTimeout(timer);
        socket.close();
        resolve(packet);
      };
      const timer = setTimeout(() => done(), 1000);
      socket.on('error', () => done());
      socket.on('message', (packet) => done(packet));
      socket.bind({ address: source, port: 0 }, () => socket.send(question(name, 1), 53, server));
    });
    if (answer) return answersOf(answer);
    if (Date.now() > deadline) throw new Error(`no answer from ${server} for ${name} (asked from ${source})`);
  }
}
