// NOTIFY messages to the AXFR secondaries (lib/tinydns/notify.ts), each one a UDP exchange
// carried out through op.effect, from the address tinydns answers on (a secondary's allow-notify
// names the primary's address).
import type { Operations } from '../../framework/operations.js';

const TRIES = 3;
const WAIT_MS = 1000;

/** Send NOTIFY ZONE to TARGET:53 until it answers (3 tries, 1 s apart): 'acknowledged', or why not; undefined when only shown. */
export async function sendNotify(op: Operations, zone: string, target: string, source: string | undefined): Promise<string | undefined> {
  const { notifyMessage, notifyAnswerProblem } = await import('../../lib/tinydns/notify.js');
  const { createSocket } = await import('node:dgram');
  const { randomInt } = await import('node:crypto');
  const id = randomInt(0, 65536);
  const message = notifyMessage(zone, id);
  const said = await op.effect(`NOTIFY ${zone} to ${target}:53${source ? ` from ${source}` : ''} (UDP, ${TRIES} tries)`, () =>
    new Promise<string>((resolve) => {
      const socket = createSocket('udp4');
      let tries = 0;
      let timer: NodeJS.Timeout | undefined;
      const finish = (result: string) => {
        clearTimeout(timer);
        socket.close();
        resolve(result);
      };
      const send = () => {
        if (tries++ === TRIES) return finish(`no answer to ${TRIES} tries`);
        socket.send(message, 53, target);
        timer = setTimeout(send, WAIT_MS);
      };
      socket.on('error', (error) => finish(error.message));
      socket.on('message', (answer, from) => {
        if (from.address !== target) return;
        const problem = notifyAnswerProblem(answer, zone, id);
        if (problem?.startsWith('answer id')) return; // an answer to an earlier try
        finish(problem ?? 'acknowledged');
      });
      socket.bind({ address: source, port: 0 }, send);
    }));
  return said;
}
