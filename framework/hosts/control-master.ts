// One OpenSSH connection per host, reused by later commands: when the user's ssh configuration
// says nothing of ControlMaster/ControlPath for a host (as `ssh -G` resolves it), we add
// ControlMaster=auto, a ControlPath in a private directory of ours and ControlPersist=60.
import { lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FleetHost } from './inventory.js';
import { hostOptions, runSsh, sshArguments } from './ssh.js';

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

/** From `ssh -G` output: does the configuration choose a ControlMaster or ControlPath itself? */
export function configChoosesControl(resolved: string): boolean {
  const settings = new Map(resolved.split('\n').map((line) => {
    const space = line.indexOf(' ');
    return [line.slice(0, space).toLowerCase(), line.slice(space + 1).trim()] as const;
  }));
  const master = settings.get('controlmaster') ?? 'false';
  const path = settings.get('controlpath') ?? 'none';
  return master !== 'false' || path !== 'none';
}

/** The -o options that give HOST our default ControlMaster, or none when its configuration has its own. */
export async function controlOptions(host: FleetHost, config: string | undefined): Promise<string[]> {
  const resolved = await runSsh(host.name, ['-G', ...(config ? ['-F', config] : []), ...hostOptions(host), '--', host.name]);
  if (resolved.status !== 0 || configChoosesControl(resolved.stdout)) return [];
  const directory = controlDirectory();
  if (!directory) return [];
  // %C: a hash of host, port, user and jump hosts: short enough for a socket path.
  return ['-o', 'ControlMaster=auto', '-o', `ControlPath=${join(directory, '%C')}`, '-o', `ControlPersist=${CONTROL_PERSIST}`];
}

/** ssh's arguments to run COMMAND on HOST, with our default ControlMaster when its configuration has none. */
export async function fleetSshArguments(host: FleetHost, command: string, config: string | undefined): Promise<string[]> {
  return sshArguments(host, command, { config, extra: await controlOptions(host, config) });
}
