// One command on one host over OpenSSH: the argument vector (never a local shell), and the
// run itself with its output cut into whole lines as they come.
import type { FleetHost } from './inventory.js';

export interface SshOptions {
  /** ssh -F FILE. */
  config?: string;
  /** More ssh options before the destination (our default ControlMaster: control-master.ts). */
  extra?: readonly string[];
}

/** The inventory's settings for HOST as ssh options. */
export function hostOptions(host: FleetHost): string[] {
  return [
    ...(host.hostName ? ['-o', `HostName=${host.hostName}`] : []),
    ...(host.user ? ['-l', host.user] : []),
    ...(host.port ? ['-p', host.port] : []),
  ];
}

/** ssh [-F CONFIG] -o BatchMode=yes [inventory settings] -- HOST COMMAND (after --, ssh reads no option, also after HOST). */
export function sshArguments(host: FleetHost, command: string, options: SshOptions = {}): string[] {
  return [
    ...(options.config ? ['-F', options.config] : []),
    '-o', 'BatchMode=yes',
    ...hostOptions(host),
    ...(options.extra ?? []),
    '--', host.name, command,
  ];
}

export interface HostResult {
  host: string;
  /** ssh's exit status: the remote command's, or 255 when ssh itself failed. */
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** Calls back with each whole line (without its newline); flush() gives the unterminated rest. */
function lineSplitter(onLine: (line: string) => void) {
  let rest = '';
  return {
    push(chunk: string) {
      rest += chunk;
      let newline: number;
      while ((newline = rest.indexOf('\n')) >= 0) {
        onLine(rest.slice(0, newline));
        rest = rest.slice(newline + 1);
      }
    },
    flush() {
      if (rest) onLine(rest);
      rest = '';
    },
  };
}

export interface LineSink {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** Run `ssh ARGS`, passing each output line on as it comes; resolves when ssh ends. */
export async function runSsh(host: string, args: readonly string[], sink?: LineSink): Promise<HostResult> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const result: HostResult = { host, status: null, signal: null, stdout: '', stderr: '' };
    const out = lineSplitter((line) => sink?.stdout(line));
    const err = lineSplitter((line) => sink?.stderr(line));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => ((result.stdout += chunk), out.push(chunk)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => ((result.stderr += chunk), err.push(chunk)));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error('ssh not found: install openssh-client') : error));
    child.on('close', (status, signal) => {
      out.flush();
      err.flush();
      resolve({ ...result, status, signal });
    });
  });
}
