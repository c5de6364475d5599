// One secondary over ssh and UDP: install the data there, read its env/IP, ask its tinydns.
import type { Operations } from '../../framework/operations.js';
import { ProgramFailed } from '../../framework/index.js';

/** Seconds dnsq may take: it retries a silent server for a minute otherwise. */
const DNSQ_TIMEOUT = '3';

type Params = Record<string, string>;

/** ssh [-F CONFIG] -o BatchMode=yes -o ConnectTimeout=10 HOST -- COMMAND, with COMMAND's words quoted for the remote shell. */
export async function sshArgs(params: Params, host: string, words: readonly string[]): Promise<string[]> {
  const { sshArguments } = await import('../../framework/hosts/ssh.js');
  const { remoteCommand } = await import('../../framework/hosts/remote-command.js');
  return ['-o', 'ConnectTimeout=10', ...sshArguments({ name: host }, remoteCommand(words), { config: params.sshConfig || undefined })];
}

/** ssh's own failure (exit 255) or the remote command's, as a short reason. */
export function sshFailure(error: unknown): string {
  if (!(error instanceof ProgramFailed)) return (error as Error).message;
  const said = error.stderr.trim().split('\n').filter(Boolean).pop() ?? `exit ${error.status}`;
  return error.status === 255 ? `unreachable (${said})` : `push failed (${said})`;
}

/** The IP in the secondary's env/IP, read over ssh. */
export async function remoteIp(op: Operations, params: Params, host: string): Promise<{ ip: string } | { error: string }> {
  try {
    const read = await op.run('ssh', await sshArgs(params, host, ['cat', `${params.secondaryDir}/env/IP`]));
    const ip = read.stdout.trim();
    return ip ? { ip } : { error: `no IP in ${params.secondaryDir}/env/IP: give it with -i secondaryAdd ${host} IP` };
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
