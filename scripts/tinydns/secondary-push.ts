// One secondary over ssh and UDP: install the data there, read its env/IP, ask its tinydns.
import type { Operations } from '../../framework/operations.js';
import { ProgramFailed } from '../../framework/index.js';

/** Seconds dnsq may take: it retries a silent server for a minute otherwise. */
const DNSQ_TIMEOUT = '3';

type Params = Record<string, string>;

/** A secondary as ssh reaches it: its name, and what an inventory said (lib/tinydns/secondaries.ts). */
export interface SshTarget {
  host: string;
  hostName?: string;
  user?: string;
  port?: string;
}

/**
 * ssh -o ConnectTimeout=10 -F LAYERED -o BatchMode=yes [-o HostName= -l USER -p PORT] -- HOST
 * COMMAND, with COMMAND's words quoted for the remote shell. LAYERED is the fleet's configuration
 * that includes sshConfig (or the user's own) first, then the default ControlMaster
 * (framework/hosts/control-master.ts).
 */
export async function sshArgs(params: Params, target: SshTarget, words: readonly string[]): Promise<string[]> {
  const { fleetSshArguments } = await import('../../framework/hosts/control-master.js');
  const { remoteCommand } = await import('../../framework/hosts/remote-command.js');
  const { host: name, hostName, user, port } = target;
  return ['-o', 'ConnectTimeout=10', ...await fleetSshArguments({ name, hostName, user, port }, remoteCommand(words), params.sshConfig || undefined)];
}

/** ssh's own failure (exit 255) or the remote command's, as a short reason. */
export function sshFailure(error: unknown): string {
  if (!(error instanceof ProgramFailed)) return (error as Error).message;
  const said = error.stderr.trim().split('\n').filter(Boolean).pop() ?? `exit ${error.status}`;
  return error.status === 255 ? `unreachable (${said})` : `push failed (${said})`;
}

/** The IP in the secondary's env/IP, read over ssh. */
export async function remoteIp(op: Operations, params: Params, target: SshTarget): Promise<{ ip: string } | { error: string }> {
  try {
    const read = await op.run('ssh', await sshArgs(params, target, ['cat', `${params.secondaryDir}/env/IP`]));
    const ip = read.stdout.trim();
    return ip ? { ip } : { error: `no IP in ${params.secondaryDir}/env/IP: give it with -i secondaryAdd ${target.host} IP` };
  } catch (error) {
    return { error: sshFailure(error).replace(/^push failed/, 'no env/IP') };
  }
}

/** dnsq TYPE NAME IP: its output, or why there is none. */
export async function askSecondary(op: Operations, ip: string, type: string, name: string): Promise<{ output: string } | { error: string }> {
  try {
    const asked = await op.run('timeout', [DNSQ_TIMEOUT, 'dnsq', type, name, ip]);
    return { output: asked.stdout };
  } catch (error) {
    if (error instanceof ProgramFailed && error.status === 124) return { error: `no answer within ${DNSQ_TIMEOUT} s` };
    const said = error instanceof ProgramFailed ? error.stderr.trim().split('\n').pop() : (error as Error).message;
    return { error: said || 'dnsq failed' };
  }
}

/** tinydns-get TYPE NAME in the primary's root/: the answer the secondaries must give. */
export async function primaryAnswer(op: Operations, root: string, type: string, name: string): Promise<string> {
  try {
    return (await op.run('tinydns-get', [type, name], { cwd: root })).stdout;
  } catch {
    return '';
  }
}

/** How long askSerial keeps asking, and how long it waits for one answer before asking again. */
const SERIAL_DEADLINE_MS = 3000;
const ANSWER_WAIT_MS = 250;

/**
 * ZONE's SOA serial from the tinydns at IP, over UDP: asked at once, and again after 5, 10,
 * 20 ... ms while the serial is below WANTED (tinydns reads data.cdb at each query, so the first
 * answer after the rename normally has it), for up to 3 s; a silent server is asked again
 * every 250 ms. The last serial seen (undefined: no SOA in the answer), or why there is none.
 */
export async function askSerial(ip: string, zone: string, wanted: number | undefined): Promise<{ serial?: number } | { error: string }> {
  const { createSocket } = await import('node:dgram');
  const { randomInt } = await import('node:crypto');
  const { default: dnsPacket } = await import('dns-packet');
  const deadline = Date.now() + SERIAL_DEADLINE_MS;
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    let id = 0;
    let backoff = 5;
    let answered: { serial?: number } | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = (result: { serial?: number } | { error: string }) => {
      clearTimeout(timer);
      socket.close();
      resolve(result);
    };
    const ask = () => {
      if (Date.now() >= deadline) return finish(answered ?? { error: `no answer within ${SERIAL_DEADLINE_MS / 1000} s` });
      id = randomInt(0, 65536);
      socket.send(dnsPacket.encode({ type: 'query', id, questions: [{ type: 'SOA', name: zone, class: 'IN' }] }), 53, ip);
      timer = setTimeout(ask, ANSWER_WAIT_MS);
    };
    socket.on('error', (error) => finish({ error: error.message }));
    socket.on('message', (message, from) => {
      if (from.address !== ip) return;
      let decoded: ReturnType<typeof dnsPacket.decode>;
      try {
        decoded = dnsPacket.decode(message);
      } catch {
        return;
      }
      if (decoded.id !== id) return; // an answer to an earlier try
      const soa = decoded.answers?.find((a) => a.type === 'SOA');
      answered = { serial: soa && typeof soa.data === 'object' && 'serial' in soa.data ? Number(soa.data.serial) : undefined };
      if (wanted === undefined || (answered.serial !== undefined && answered.serial >= wanted)) return finish(answered);
      clearTimeout(timer);
      timer = setTimeout(ask, backoff);
      backoff *= 2;
    });
    socket.bind(0, ask);
  });
}
