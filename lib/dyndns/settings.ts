// The service's file variables (env/, read by envdir into its environment), checked at start:
// a bad value stops it with a message in its log rather than serving with a guess.
import { InvalidInput, quote } from '../invalid-input.js';
import { parseIPv4 } from '../names.js';

export interface DyndnsSettings {
  /** The tinydns service directory whose root/data is edited. */
  tinydns: string;
  /** Where the account files are. */
  accounts: string;
  ip: string;
  port: number;
  /** TLS when both are set: PEM files. */
  cert?: string;
  key?: string;
  /** Milliseconds requests are gathered into one edit and compile. */
  windowMs: number;
  /** The longest request line (URL) accepted, in bytes. */
  maxUrl: number;
  /** The largest request body accepted (an update has none), in bytes. */
  maxBody: number;
  /** A client must send its headers within this, and its whole request within REQUESTTIMEOUT. */
  headerTimeoutMs: number;
  requestTimeoutMs: number;
  /** TTL of the A and AAAA lines written. */
  ttl: number;
  /** Updates an account may send per minute before its answers are "abuse". */
  perMinute: number;
  /** Connections served at once (each further one is closed at once): idle ones must not exhaust the descriptors. */
  maxConnections: number;
  /** Failed logins within a minute after which an address is answered "abuse", an account "badauth", without a password check. */
  addressFailures: number;
  accountFailures: number;
  /** Password checks (scrypt, ~50 ms and 16 MB each) run at once; 16 times as many wait, the rest are answered 911. */
  hashes: number;
  /** For the push to tinydns's secondaries (secondaryAdd): ssh -F this, into that directory there. */
  sshConfig?: string;
  secondaryDir?: string;
}

/** Each variable, its default (undefined: required) and what it holds: also the manual of env/. */
export const SETTINGS = {
  TINYDNS: [undefined, 'the tinydns service directory whose root/data is edited'],
  ACCOUNTS: [undefined, 'the directory of account files (dyndnsAccountAdd)'],
  IP: [undefined, 'the address to listen on'],
  PORT: [undefined, 'the TCP port to listen on'],
  CERT: ['', 'a PEM certificate (with KEY: HTTPS instead of HTTP)'],
  KEY: ['', 'its PEM private key'],
  WINDOW: ['100', 'milliseconds during which updates are gathered into one edit and one tinydns-data'],
  MAXURL: ['2048', 'the longest request line accepted, in bytes'],
  MAXBODY: ['1024', 'the largest request body accepted, in bytes'],
  HEADERTIMEOUT: ['5000', 'milliseconds a client has to send its request headers'],
  REQUESTTIMEOUT: ['10000', 'milliseconds a client has to send its whole request'],
  TTL: ['60', 'the TTL of the A and AAAA lines written'],
  PERMINUTE: ['600', 'updates per minute an account may send before it is answered "abuse"'],
  MAXCONNECTIONS: ['256', 'connections served at once; a further one is closed at once (idle ones are cut after HEADERTIMEOUT)'],
  FAILURES: ['10', 'failed logins per minute from one address before it is answered "abuse" without a password check'],
  ACCOUNTFAILURES: ['20', 'failed logins per minute of one account before it is answered "badauth" without a check (a password already checked still works)'],
  HASHES: ['2', 'password checks (scrypt, ~50 ms of a core each) run at once; 16 times as many wait, beyond that "911"'],
  SSHCONFIG: ['', 'ssh -F this file for the push to the secondaries (its key readable by the service account)'],
  SECONDARYDIR: ['', 'the tinydns directory on the secondaries (default /etc/tinydns)'],
} as const satisfies Record<string, readonly [string | undefined, string]>;

type Name = keyof typeof SETTINGS;

export function readSettings(env: Record<string, string | undefined>): DyndnsSettings {
  const get = (name: Name): string => {
    const value = env[name]?.trim() || SETTINGS[name][0];
    if (value === undefined) throw new InvalidInput(`no ${name} (env/${name}: ${SETTINGS[name][1]})`);
    return value;
  };
  const number = (name: Name, min: number, max: number): number => {
    const text = get(name);
    const value = Number(text);
    if (!/^[0-9]+$/.test(text) || value < min || value > max) throw new InvalidInput(`bad ${name} ${quote(text)}: expected a whole number from ${min} to ${max}`);
    return value;
  };
  return {
    tinydns: get('TINYDNS'),
    accounts: get('ACCOUNTS'),
    ip: parseIPv4(get('IP')),
    port: number('PORT', 1, 65535),
    cert: get('CERT') || undefined,
    key: get('KEY') || undefined,
    windowMs: number('WINDOW', 0, 60_000),
    maxUrl: number('MAXURL', 64, 65536),
    maxBody: number('MAXBODY', 0, 1 << 20),
    headerTimeoutMs: number('HEADERTIMEOUT', 100, 600_000),
    requestTimeoutMs: number('REQUESTTIMEOUT', 100, 600_000),
    ttl: number('TTL', 0, 2147483647),
    perMinute: number('PERMINUTE', 1, 1_000_000),
    maxConnections: number('MAXCONNECTIONS', 1, 65536),
    addressFailures: number('FAILURES', 1, 1_000_000),
    accountFailures: number('ACCOUNTFAILURES', 1, 1_000_000),
    hashes: number('HASHES', 1, 64),
    sshConfig: get('SSHCONFIG') || undefined,
    secondaryDir: get('SECONDARYDIR') || undefined,
  };
}
