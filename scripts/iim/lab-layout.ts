// Where a lab lives and what it serves: paths under the lab directory, the two loopback
// addresses, and the demo zone lab.test (as iim-tinydns recordAdd arguments).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export const DEFAULT_NET = '127.53.0';
export const DEMO_ZONE = 'lab.test';
export const DEMO_NAME = 'www.lab.test';
export const DEMO_ADDRESS = '192.0.2.80';
/** The file that marks a directory as a lab (labDown -p purge=yes removes only such a directory). */
export const MARKER = '.iim-lab';

/** XDG: $XDG_STATE_HOME when it is an absolute path, else ~/.local/state. */
export function defaultLabDir(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(state, 'iim', 'lab');
}

/** A complaint about NET, or nothing: three dotted octets starting with 127. */
export function netComplaint(net: string): string | undefined {
  const match = /^127\.([0-9]{1,3})\.([0-9]{1,3})$/.exec(net);
  if (!match) return 'expected a loopback /24 as 127.X.Y, like 127.53.0';
  if (match.slice(1).some((octet) => Number(octet) > 255 || (octet.length > 1 && octet.startsWith('0')))) {
    return 'expected octets 0-255 without leading zeros';
  }
  return undefined;
}

export interface LabLayout {
  dir: string;
  net: string;
  /** The directory the lab's svscan scans. */
  serviceDir: string;
  /** iim-daemontools' svcBase: services of our own that a user adds to the lab. */
  svcBase: string;
  tinydnsDir: string;
  dnscacheDir: string;
  tinydnsIp: string;
  dnscacheIp: string;
  marker: string;
  /** The demo zone as recordList would print it, for iim-tinydns -i recordImport. */
  records: string;
}

/** The net a lab directory was built on, from its marker (`iim lab: 127.61.0.0/24`), if any. */
export function recordedNet(dir: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, MARKER), 'utf8');
  } catch {
    return undefined;
  }
  const net = /^iim lab: (127\.[0-9]+\.[0-9]+)\.0\/24$/m.exec(text)?.[1];
  return net !== undefined && netComplaint(net) === undefined ? net : undefined;
}

/**
 * The lab PARAMS name. Its net is the one given with -p net=, else the one the lab directory
 * was built on (so `labStatus -p lab=DIR` asks the lab that is there), else the default.
 */
export function labLayout(params: Record<string, string>, netGiven = true): LabLayout {
  const dir = resolve(params.lab);
  const net = netGiven ? params.net : (recordedNet(dir) ?? params.net);
  return {
    dir,
    net,
    serviceDir: join(dir, 'service'),
    svcBase: join(dir, 'services'),
    tinydnsDir: join(dir, 'tinydns'),
    dnscacheDir: join(dir, 'dnscache'),
    tinydnsIp: `${net}.1`,
    dnscacheIp: `${net}.2`,
    marker: join(dir, MARKER),
    records: join(dir, `${DEMO_ZONE}.records`),
  };
}

/** The demo zone, as `iim-tinydns -i recordAdd` arguments; 192.0.2.0/24 is TEST-NET-1 (RFC 5737). */
export function demoRecords(tinydnsIp: string): string[][] {
  return [
    ['ns', DEMO_ZONE, tinydnsIp],
    ['ns', '2.0.192.in-addr.arpa', tinydnsIp],
    ['host', 'gw.lab.test', '192.0.2.1'],
    ['host', DEMO_NAME, DEMO_ADDRESS],
    ['alias', 'web.lab.test', DEMO_ADDRESS],
    ['cname', 'docs.lab.test', DEMO_NAME],
    ['mx', DEMO_ZONE, '192.0.2.25', '10'],
    ['txt', DEMO_ZONE, 'iim-ts demo zone: try dnsip www.lab.test'],
  ];
}

/**
 * The closed-lab root (DJB-LAB): tinydns answers for "." too, and dnscache's root servers
 * (`@`) point at it, so a name outside the lab fails in milliseconds instead of ~25-60 s.
 */
export function rootRecord(tinydnsIp: string): string[] {
  return ['ns', '.', tinydnsIp, 'a'];
}
