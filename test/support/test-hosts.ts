// Test hosts for the fleet tests: each a real sshd on its own loopback address (127.X.Y.I:22),
// in its own mount and pid namespace (unshare), with a private /etc, /var/lib and /run (overlays
// whose upper layers are in a temporary directory), so the scripts' default system paths
// (/etc/service, /etc/tinydns, /etc/dnscache, /var/lib/iim) are each host's own. The hosts share
// this machine's programs, so iim-ts is "installed" on them by putting its bins on their PATH.
// Root's ~/.bashrc and ~/.profile there are a fresh Debian's (base-files' dot.bashrc, dot.profile),
// bind-mounted over /root's in the host's mount namespace only: bash sources ~/.bashrc for every
// command sshd runs, and this machine's own may do much more (here: `pyenv init`, ~100 processes).
// Nothing here touches ~/.ssh, the machine's own sshd or its system paths.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { binPath } from './run-bin.js';
import { loopbackNet, removeDirectory, temporaryDirectory } from './sandbox.js';

const SSHD = '/usr/sbin/sshd';
const BINS = ['iim', 'iim-daemontools', 'iim-tinydns', 'iim-dnscache'];
/** Where each host's private layers are mounted: what differs from this machine. */
const PRIVATE_TREES = ['etc', 'var/lib', 'run'];
/** Root's dotfiles on a fresh Debian 12 (base-files), given to every host unless machineDotfiles. */
const DEBIAN_DOTFILES: Record<string, string> = { '.bashrc': '/usr/share/base-files/dot.bashrc', '.profile': '/usr/share/base-files/dot.profile' };

export interface TestHost {
  name: string;
  address: string;
  /** The host's own layers over /etc, /var/lib and /run (root/etc/service is its /etc/service). */
  root: string;
  /** unshare's pid (outside), and its child's: pid 1 of the host's pid namespace. */
  unsharePid: number;
  initPid: number;
  /** The host's pid namespace (as /proc/PID/ns/pid reads), to check nothing is left. */
  pidNamespace: string;
  stopped: boolean;
}

export interface TestFleet {
  directory: string;
  /** ssh -F this: Host aliases ns1… with keys, known_hosts and a ControlMaster per host. */
  sshConfig: string;
  /** An Ansible-style inventory: [dns] with every host. */
  inventory: string;
  /** The PATH sessions get on the hosts (this checkout's bins first). */
  remotePath: string;
  hosts: TestHost[];
  host: (name: string) => TestHost;
  /** ssh -F sshConfig HOST -- COMMAND (one string for the remote shell), synchronously. */
  ssh: (name: string, command: string) => { status: number | null; stdout: string; stderr: string };
  /** Put a program (a shell script) on every host's PATH. */
  addProgram: (name: string, text: string) => void;
  /** Stop one host: its namespace's pid 1 ends, and with it everything started there. */
  stopHost: (name: string) => Promise<void>;
  /** Start a stopped host again on its layers (what it wrote stays; what ran there does not). */
  startHost: (name: string) => Promise<void>;
  /** Stop every host and the ControlMaster connections; throw if any process is left. */
  stop: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function keygen(file: string, comment: string): string {
  const made = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
  if (made.status !== 0) throw new Error(`ssh-keygen failed: ${made.stderr}`);
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

function portOpen(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port: 22 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const processRuns = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function childOf(pid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children.length ? Number(children[0]) : undefined;
  } catch {
    return undefined;
  }
}

/** Processes in a pid namespace (seen from outside), by its /proc/PID/ns/pid link. */
export function processesInNamespace(namespace: string): number[] {
  return readdirSync('/proc').filter((e) => /^[0-9]+$/.test(e)).filter((pid) => {
    try {
      // A zombie has ended (SIGKILL reached it) and only waits for its parent to reap it.
      return readlinkSync(`/proc/${pid}/ns/pid`) === namespace && !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  }).map(Number);
}

/** Processes whose command line mentions `text` (the ControlMaster processes of this run). */
function processesMentioning(text: string): number[] {
  return readdirSync('/proc').filter((e) => /^[0-9]+$/.test(e) && Number(e) !== process.pid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
    } catch {
      return false;
    }
  }).map(Number);
}

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

function sshdConfig(host: { address: string; directory: string }, authorizedKeys: string, remotePath: string): string {
  return [
    `ListenAddress ${host.address}:22`,
    `HostKey ${join(host.directory, 'host_key')}`,
    `AuthorizedKeysFile ${authorizedKeys}`,
    `PidFile ${join(host.directory, 'sshd.pid')}`,
    'UsePAM no',
    'StrictModes no',
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'MaxStartups 100',
    'MaxSessions 100',
    'LogLevel ERROR',
    `SetEnv PATH=${remotePath}`,
    '',
  ].join('\n');
}

/**
 * The host's own copies of root's dotfiles (base-files' or empty), for those /root has: a bind
 * mount needs its target, and a copy keeps a host's writes off base-files' own file.
 */
function debianDotfiles(directory: string): { file: string; copy: string }[] {
  return Object.entries(DEBIAN_DOTFILES).filter(([name]) => existsSync(join('/root', name))).map(([name, debian]) => {
    const copy = join(directory, `root${name}`);
    // made once: a host started again keeps what it wrote
    if (!existsSync(copy)) {
      if (existsSync(debian)) copyFileSync(debian, copy);
      else writeFileSync(copy, '');
    }
    return { file: join('/root', name), copy };
  });
}

/** The shell line unshare runs: private layers and dotfiles mounted, then sshd as the namespace's pid 1. */
function hostInit(directory: string, config: string, setup: readonly string[], dotfiles: readonly { file: string; copy: string }[]): string {
  const mounts = PRIVATE_TREES.map((tree) => {
    const upper = join(directory, 'root', tree);
    const work = join(directory, 'work', tree.replace('/', '-'));
    return `mount -t overlay overlay -o ${quote(`lowerdir=/${tree},upperdir=${upper},workdir=${work}`)} /${tree}`;
  });
  // unshare --mount makes the namespace's mounts private: these stay inside it
  const binds = dotfiles.map(({ file, copy }) => `mount --bind ${quote(copy)} ${quote(file)}`);
  return [...mounts, ...binds, ...setup, 'mkdir -p -m 755 /run/sshd', `exec ${SSHD} -D -e -f ${quote(config)}`].join(' && ');
}

/** Start `count` test hosts ns1…nsN. Stop them with fleet.stop() in a finally/afterAll. */
export interface TestHostsOptions {
  /** Shell lines run on a host before its sshd starts, inside its namespace (e.g. a bind mount). */
  setup?: Record<string, string[]>;
  /** False: this checkout's bins are not on the hosts' PATH (a test installs iim-ts there itself). */
  iimOnPath?: boolean;
  /** Directories put first on the hosts' PATH (where a test installs iim-ts). */
  pathFirst?: string[];
  /** False: the ssh config says nothing of ControlMaster (the fan-out then brings its own). */
  controlMaster?: boolean;
  /**
   * True: sessions read this machine's own /root/.bashrc and /root/.profile. By default each host
   * has a fresh Debian root's (a copy of base-files' dot.bashrc and dot.profile, or an empty
   * file, bind-mounted over /root's inside the host's mount namespace; the machine's stay as they are).
   */
  machineDotfiles?: boolean;
}

export async function startTestHosts(count: number, label = 'hosts', options: TestHostsOptions = {}): Promise<TestFleet> {
  const directory = temporaryDirectory(label);
  const net = loopbackNet();
  const binDir = join(directory, 'bin');
  mkdirSync(binDir);
  if (options.iimOnPath !== false) for (const bin of BINS) symlinkSync(binPath(bin), join(binDir, bin));
  const remotePath = [...(options.pathFirst ?? []), binDir, dirname(process.execPath), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'].join(':');

  const clientKey = join(directory, 'client_key');
  const authorizedKeys = join(directory, 'authorized_keys');
  writeFileSync(authorizedKeys, keygen(clientKey, 'iim-test-client') + '\n');
  mkdirSync(join(directory, 'control'), { mode: 0o700 });

  const hosts: TestHost[] = [];
  // An open file on each host's /proc/PID/ns/pid keeps that namespace, and so its number, ours
  // until the fleet is stopped: the kernel gives a freed number to the next namespace made, and
  // another test's new host in a reused namespace would be taken for one of ours and killed.
  const namespaceHandles: number[] = [];
  /** unshare + the host's init (its layers mounted, then sshd as pid 1); resolves with its pids. */
  const launch = async (name: string, address: string, hostDir: string, configFile: string): Promise<TestHost> => {
    const log = join(hostDir, 'sshd.log');
    const { openSync, closeSync } = await import('node:fs');
    const fd = openSync(log, 'a');
    const dotfiles = options.machineDotfiles ? [] : debianDotfiles(hostDir);
    const child = spawn('unshare', ['--mount', '--pid', '--fork', '--mount-proc', 'sh', '-c', hostInit(hostDir, configFile, options.setup?.[name] ?? [], dotfiles)], {
      detached: true, stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    child.unref();
    const unsharePid = child.pid!;
    let initPid: number | undefined;
    for (let t = 0; t < 50 && initPid === undefined; t++) {
      initPid = childOf(unsharePid);
      if (initPid === undefined) await sleep(20);
    }
    if (initPid === undefined) throw new Error(`${name}: unshare started no child: ${readFileSync(log, 'utf8')}`);
    const handle = openSync(`/proc/${initPid}/ns/pid`, 'r');
    namespaceHandles.push(handle);
    const pidNamespace = readlinkSync(`/proc/${initPid}/ns/pid`);
    // the handle must be on the namespace we name (initPid could have ended and been reused in between)
    if (readlinkSync(`/proc/self/fd/${handle}`) !== pidNamespace) throw new Error(`${name}: its pid namespace changed while it was being opened`);
    return { name, address, root: join(hostDir, 'root'), unsharePid, initPid, pidNamespace, stopped: false };
  };
  const knownHosts: string[] = [];
  const config: string[] = [];
  const waitForSshd = async (host: TestHost) => {
    let open = false;
    for (let t = 0; t < 100 && !open; t++) {
      open = await portOpen(host.address);
      if (!open) await sleep(50);
    }
    if (!open) throw new Error(`${host.name}: sshd does not listen on ${host.address}:22: ${readFileSync(join(directory, host.name, 'sshd.log'), 'utf8')}`);
  };
  const stopAll = async () => {
    for (const host of hosts) await stopOne(host);
    // The ControlMaster processes (this machine's side) mention the run's directory.
    for (let i = 0; i < 50; i++) {
      const left = processesMentioning(directory);
      if (left.length === 0) break;
      for (const pid of left) {
        try {
          process.kill(pid, i < 20 ? 'SIGTERM' : 'SIGKILL');
        } catch { /* gone */ }
      }
      await sleep(100);
    }
    const ours = () => [...hosts.flatMap((h) => processesInNamespace(h.pidNamespace)), ...processesMentioning(directory)];
    // A loaded machine can take its time: whatever of ours is still there gets SIGKILL, by pid,
    // for up to 20 s more, before we call it left behind.
    let leftovers = ours();
    for (let i = 0; i < 200 && leftovers.length; i++) {
      for (const pid of leftovers) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch { /* gone */ }
      }
      await sleep(100);
      leftovers = ours();
    }
    removeDirectory(directory);
    const { closeSync } = await import('node:fs');
    for (const handle of namespaceHandles.splice(0)) closeSync(handle);
    if (leftovers.length) {
      const what = (pid: number) => {
        try {
          return `${pid} (${readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()})`;
        } catch {
          return String(pid);
        }
      };
      throw new Error(`test hosts left processes: ${leftovers.map(what).join(', ')}`);
    }
  };
  try {
    for (let i = 1; i <= count; i++) {
      const name = `ns${i}`;
      const address = `${net}.${i}`;
      const hostDir = join(directory, name);
      for (const tree of PRIVATE_TREES) {
        mkdirSync(join(hostDir, 'root', tree), { recursive: true });
        mkdirSync(join(hostDir, 'work', tree.replace('/', '-')), { recursive: true });
      }
      // The scripts' default paths exist on a host where daemontools is set up.
      mkdirSync(join(hostDir, 'root', 'etc', 'service'));
      mkdirSync(join(hostDir, 'root', 'var', 'lib', 'iim'));
      const hostKey = keygen(join(hostDir, 'host_key'), name).split(' ').slice(0, 2).join(' ');
      knownHosts.push(`${name},${address} ${hostKey}`);
      const configFile = join(hostDir, 'sshd_config');
      writeFileSync(configFile, sshdConfig({ address, directory: hostDir }, authorizedKeys, remotePath));
      config.push(`Host ${name}`, `  HostName ${address}`, '');

      const host = await launch(name, address, hostDir, configFile);
      hosts.push(host);
    }
    for (const [index, host] of hosts.entries()) {
      try {
        await waitForSshd(host);
      } catch {
        // Seen once in CI on a loaded machine: "unshare: sigprocmask unblock failed: Invalid
        // argument", and no sshd. Start that host once more before giving up.
        await stopOne(host);
        const hostDir = join(directory, host.name);
        hosts[index] = await launch(host.name, host.address, hostDir, join(hostDir, 'sshd_config'));
        await waitForSshd(hosts[index]);
      }
    }
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }

  const knownHostsFile = join(directory, 'known_hosts');
  writeFileSync(knownHostsFile, knownHosts.join('\n') + '\n');
  const sshConfig = join(directory, 'ssh_config');
  writeFileSync(sshConfig, [
    ...config,
    'Host *',
    '  User root',
    '  Port 22',
    `  IdentityFile ${clientKey}`,
    '  IdentitiesOnly yes',
    `  UserKnownHostsFile ${knownHostsFile}`,
    '  GlobalKnownHostsFile /dev/null',
    '  StrictHostKeyChecking yes',
    '  CheckHostIP no',
    '  BatchMode yes',
    '  ConnectTimeout 5',
    ...(options.controlMaster === false ? [] : [
      '  ControlMaster auto',
      `  ControlPath ${join(directory, 'control', '%C')}`,
      '  ControlPersist 60',
    ]),
    '  LogLevel ERROR',
    '',
  ].join('\n'));
  const inventory = join(directory, 'inventory');
  writeFileSync(inventory, ['[dns]', ...hosts.map((h) => h.name), ''].join('\n'));

  async function stopOne(host: TestHost): Promise<void> {
    if (host.stopped) return;
    host.stopped = true;
    // unshare ignores TERM while it waits: end the namespace's pid 1, which ends all in it.
    try {
      process.kill(host.initPid, 'SIGKILL');
    } catch { /* gone */ }
    // bounded: 20 s, for a loaded machine
    for (let t = 0; t < 400 && (processRuns(host.unsharePid) || processesInNamespace(host.pidNamespace).length); t++) await sleep(50);
  }

  return {
    directory, sshConfig, inventory, remotePath, hosts,
    host: (name) => {
      const found = hosts.find((h) => h.name === name);
      if (!found) throw new Error(`no test host ${name}`);
      return found;
    },
    ssh: (name, command) => {
      const once = () => spawnSync('ssh', ['-F', sshConfig, name, '--', command], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
      let r = once();
      // A loaded machine sometimes drops a multiplexed session (status 255, or killed by the
      // time-out): ask again, twice at most, unless the host was stopped on purpose.
      const dropped = () => r.status === 255 || r.status === null || /mux_client|master|ControlSocket|Connection (reset|closed)/i.test(r.stderr ?? '');
      for (let again = 0; again < 3 && r.status !== 0 && dropped() && !hosts.find((h) => h.name === name)?.stopped; again++) r = once();
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    addProgram: (name, text) => writeFileSync(join(binDir, name), text, { mode: 0o755 }),
    stopHost: async (name) => {
      const host = hosts.find((h) => h.name === name);
      if (host) await stopOne(host);
    },
    startHost: async (name) => {
      const index = hosts.findIndex((h) => h.name === name);
      if (index < 0 || !hosts[index].stopped) return;
      const hostDir = join(directory, name);
      const host = await launch(name, hosts[index].address, hostDir, join(hostDir, 'sshd_config'));
      hosts[index] = host;
      await waitForSshd(host);
    },
    stop: stopAll,
  };
}
