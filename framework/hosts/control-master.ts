// One OpenSSH connection per host, reused by later commands: where the user's ssh configuration
// says nothing of ControlMaster/ControlPath/ControlPersist, ssh gets ControlMaster=auto, a
// ControlPath in a private directory of ours and ControlPersist=60, through a configuration of
// ours that includes the user's first (ssh keeps the first value it obtains).
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cryptoModule } from '../lazy-builtins.js';
import type { FleetHost } from './inventory.js';
import { sshArguments } from './ssh.js';

/** How long an idle master stays (seconds): long enough for the next command of a session. */
export const CONTROL_PERSIST = '60';

/**
 * The directory for our sockets, made mode 0700 and checked to be ours (a directory, not a
 * symlink, owned by us, no access for others); undefined when it cannot be made so.
 */
export function controlDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const uid = process.getuid?.() ?? 0;
  const runtime = env.XDG_RUNTIME_DIR;
  let directory = runtime && runtime.startsWith('/') ? join(runtime, 'iim-ssh') : join(tmpdir(), `iim-ssh-${uid}`);
  // ssh binds DIRECTORY/%C.XXXXXXXXXXXXXXXX (40 + 17 characters); a socket path has 107 at most.
  if (directory.length + 58 > 107) directory = join(tmpdir(), `iim-ssh-${uid}`);
  try {
    mkdirSync(directory, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
  }
  const info = lstatSync(directory, { throwIfNoEntry: false });
  if (!info?.isDirectory() || info.uid !== uid || (info.mode & 0o077) !== 0) return undefined;
  return directory;
}

/** From `ssh -G` output: does ssh share one master connection (ControlMaster on, a ControlPath, ControlPersist not off)? */
export function multiplexedBy(resolved: string): boolean {
  // ssh -G prints no controlpath line for ControlPath none
  return !/^controlmaster (false|no)$/m.test(resolved) && !/^controlpersist no$/m.test(resolved) && /^controlpath (?!none$)\S/m.test(resolved);
}

/** A path as one ssh_config word, or undefined when it cannot be one (quotes, newlines, glob or % characters). */
function configWord(path: string): string | undefined {
  if (/["\n\r*?[\]%]/.test(path)) return undefined;
  return /\s/.test(path) ? `"${path}"` : path;
}

/**
 * The text of our layered configuration: the user's own first (CONFIG, or ~/.ssh/config and the
 * system's /etc/ssh/ssh_config as ssh reads them without -F), then our defaults under `Host *`.
 * ssh keeps the first value it obtains for each setting, so whatever the user's configuration
 * sets (ControlMaster no, a ControlPath of its own, ControlPersist no) wins, and ours only fill
 * in what it leaves unset. Undefined when a path cannot be written as an ssh_config word.
 */
export function layeredConfigText(config: string | undefined, directory: string): string | undefined {
  const includes = config ? [configWord(config)] : ['~/.ssh/config', '/etc/ssh/ssh_config'];
  const directoryWord = configWord(directory);
  if (includes.some((word) => word === undefined) || directoryWord === undefined) return undefined;
  // %C: a hash of host, port, user and jump hosts: short enough for a socket path
  const controlPath = directoryWord.startsWith('"') ? `${directoryWord.slice(0, -1)}/%C"` : `${directoryWord}/%C`;
  return [
    '# Written by iim-ts (framework/hosts/control-master.ts): your configuration first, then our',
    '# default ControlMaster for whatever it leaves unset.',
    ...includes.map((word) => `Include ${word}`),
    'Host *',
    '  ControlMaster auto',
    `  ControlPath ${controlPath}`,
    `  ControlPersist ${CONTROL_PERSIST}`,
    '',
  ].join('\n');
}

/** Our layered configuration for CONFIG, written once into the private socket directory; undefined when there is none to be had. */
export function layeredConfig(config: string | undefined): string | undefined {
  const directory = controlDirectory();
  if (!directory) return undefined;
  const source = config ? resolve(config) : undefined;
  const text = layeredConfigText(source, directory);
  if (text === undefined) return undefined;
  const name = join(directory, `config-${cryptoModule().createHash('sha256').update(source ?? '~').digest('hex').slice(0, 16)}`);
  try {
    if (readFileSync(name, 'utf8') === text) return name;
  } catch { /* not written yet */ }
  const temporary = `${name}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, name);
    return name;
  } catch {
    rmSync(temporary, { force: true });
    return undefined;
  }
}

/**
 * ssh's arguments to run COMMAND on HOST, with our default ControlMaster where the user's
 * configuration sets none: ssh reads our layered configuration (no `ssh -G` per host first).
 */
export async function fleetSshArguments(host: FleetHost, command: string, config: string | undefined): Promise<string[]> {
  return sshArguments(host, command, { config: layeredConfig(config) ?? config });
}
