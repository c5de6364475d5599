// tinydns secondaries kept as file variables in the service directory, envdir style:
// DIR/secondaries/HOST holds the IP its tinydns answers on (empty: its own env/IP), then for a
// host taken from an inventory how ssh reaches it (hostName=, user=, port= lines), and
// DIR/secondary-behind/HOST how many compiles it has not got yet (absent: none).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInput, quote } from '../invalid-input.js';
import { parseIPv4 } from '../names.js';
import { decodeLine, type DataRecord } from './record-decode.js';

export const secondariesDir = (dir: string) => join(dir, 'secondaries');
export const behindDir = (dir: string) => join(dir, 'secondary-behind');

export interface Secondary {
  /** An ssh destination ([user@]host, or a Host alias of the ssh configuration). */
  host: string;
  /** Where its tinydns answers; undefined: the IP in its own env/IP (the push reads it). */
  ip?: string;
  /** From an inventory (ansible_host, ansible_user, ansible_port): how ssh reaches HOST. */
  hostName?: string;
  user?: string;
  port?: string;
}

/** How ssh reaches a secondary, as an inventory says it (the same words the inventory accepts). */
const REACH: Record<'hostName' | 'user' | 'port', { pattern: RegExp; expected: string }> = {
  hostName: { pattern: /^[A-Za-z0-9_.:%][A-Za-z0-9_.:%-]*$/, expected: 'a host name or address' },
  user: { pattern: /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/, expected: 'a user name' },
  port: { pattern: /^(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$/, expected: 'a port from 1 to 65535' },
};

/** The file secondaries/HOST: its IP (or an empty line), then how ssh reaches it, if said. */
export function secondaryFileText({ ip, hostName, user, port }: Omit<Secondary, 'host'>): string {
  const reach = Object.entries({ hostName, user, port }).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}\n`);
  return ip || reach.length ? `${ip ?? ''}\n${reach.join('')}` : '';
}

/**
 * An ssh destination that is also a file name: [user@]host of letters, digits, ".", "_", "-".
 * No leading "-" (ssh would read an option), no spaces, "/" or shell characters.
 */
export function parseSecondaryHost(value: string): string {
  if (!/^(?:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}@)?[A-Za-z0-9_][A-Za-z0-9_.-]{0,252}$/.test(value) || value.includes('..')) {
    throw new InvalidInput(`bad secondary ${quote(value)}: expected an ssh destination [user@]host (letters, digits, ".", "_", "-"; not starting with "-" or ".")`);
  }
  return value;
}

export function parseSecondaryIp(value: string): string {
  return parseIPv4(value, 'secondary IP');
}

/** The names of DIRECTORY's files, envdir style (dot files are not entries), sorted; none when it does not exist. */
function fileNames(directory: string): string[] {
  try {
    return readdirSync(directory).filter((name) => !name.startsWith('.')).sort();
  } catch {
    return [];
  }
}

/** The secondaries of DIR, sorted by host; a file whose name or IP is not valid is refused by name. */
export function readSecondaries(dir: string): Secondary[] {
  return fileNames(secondariesDir(dir)).map((name) => {
    const path = join(secondariesDir(dir), name);
    try {
      parseSecondaryHost(name);
    } catch (error) {
      throw new InvalidInput(`${path}: ${(error as Error).message}`);
    }
    const [first, ...rest] = readFileSync(path, 'utf8').split('\n');
    const secondary: Secondary = { host: name };
    const ip = first.trim();
    try {
      if (ip) secondary.ip = parseSecondaryIp(ip);
    } catch (error) {
      throw new InvalidInput(`${path}: ${(error as Error).message}`);
    }
    rest.forEach((raw, index) => {
      const line = raw.trim();
      if (!line) return;
      const [key, value] = [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)];
      const rule = REACH[key as keyof typeof REACH];
      if (!line.includes('=') || !rule) throw new InvalidInput(`${path}:${index + 2}: ${quote(line)}: expected hostName=, user= or port=`);
      if (!rule.pattern.test(value)) throw new InvalidInput(`${path}:${index + 2}: bad ${key} ${quote(value)}: expected ${rule.expected}`);
      secondary[key as keyof typeof REACH] = value;
    });
    return secondary;
  });
}

/** How a secondary is reached, for secondaryList: " via user@host:port", or nothing. */
export const reachText = ({ hostName, user, port }: Secondary) =>
  hostName || user || port ? ` via ${user ? `${user}@` : ''}${hostName ?? '(its name)'}${port ? `:${port}` : ''}` : '';

/** How many compiles HOST has not got (0 when it is up to date). */
export function changesBehind(dir: string, host: string): number {
  try {
    const count = Number(readFileSync(join(behindDir(dir), host), 'utf8').trim());
    return Number.isInteger(count) && count > 0 ? count : 0;
  } catch {
    return 0;
  }
}

export const changesText = (count: number) => `${count} change${count === 1 ? '' : 's'} behind`;

/** A remote push's exit status when its data is not what the primary had before the change: send the whole data. */
export const PUSH_STALE = 3;

/**
 * The remote command (as words for the remote shell) that installs data on a secondary, in two
 * steps so that its compile runs while the primary's does. It starts before the primary's edit
 * and waits on standard input for a header and its bytes (or `abort`: nothing changed): either
 * the whole data (pushHeader), or only what the change replaced (deltaPush): the first PREFIX
 * bytes of its own data, the bytes sent, its last SUFFIX bytes, if its data has the size and
 * mtime (serial) the primary's had before the change (else it exits PUSH_STALE). It compiles
 * them in root/.push with the secondary's own tinydns-data, data's mtime set to SERIAL
 * (tinydns's default SOA serial), and takes their MD5 meanwhile; then it waits for
 * `commit [MD5]` (the primary's compile succeeded; a delta's result must have that MD5, else
 * PUSH_STALE: both files are renamed into place, data.cdb last, and it prints its env/IP) or
 * anything else (nothing is installed). All under the lock iim-tinydns edits take
 * (root/data.lock). Sending data rather than data.cdb leaves each secondary's data and data.cdb
 * agreeing (its own dataCheck, status and recordList work), and lets the remote compile overlap
 * the primary's: data.cdb exists only once the primary's compile ends, and 12 MB of it (100,000
 * lines) took longer over a multiplexed ssh session here than the secondary's own tinydns-data;
 * a change sends only its own bytes, not the 5 MB of data.
 */
export function pushWords(serviceDir: string): string[] {
  // Few processes: each fork and exec costs 3-8 ms on a loaded machine, on the critical path.
  const script = [
    'set -e',
    'cd "$1/root"',
    'read -r serial bytes prefix suffix old',
    '[ "$serial" != abort ] || exit 0',
    'exec 9>>data.lock',
    'flock 9',
    "trap 'cd \"$1/root\" && rm -rf .push' EXIT",
    '[ ! -e .push ] || rm -rf .push',
    'mkdir .push',
    'if [ -z "$prefix" ]; then head -c "$bytes" > .push/data; ' +
      '[ "$(wc -c < .push/data)" = "$bytes" ] || { echo "data cut short: not installed" >&2; exit 1; }; ' +
      `else [ "$(stat -c %s.%Y data 2>/dev/null)" = "$old" ] || exit ${PUSH_STALE}; ` +
      '{ head -c "$prefix" data; head -c "$bytes"; [ "$suffix" = 0 ] || tail -c "$suffix" data; } > .push/data; fi',
    'touch -d "@$serial" .push/data',
    'md5sum < .push/data > .push/md5 & summing=$!',
    'cd .push',
    'tinydns-data',
    'cd ..',
    'touch -d "@$serial" .push/data.cdb',
    'wait "$summing"',
    'read -r verdict sum || verdict=abort',
    '[ "$verdict" = commit ] || exit 0',
    'read -r got rest < .push/md5',
    `[ -z "$sum" ] || [ "$got" = "$sum" ] || exit ${PUSH_STALE}`,
    'mv -f .push/data .push/data.cdb .',
    'ip=; read -r ip < ../env/IP || true',
    'echo "$ip"',
  ].join('; ');
  return ['sh', '-c', script, 'iim-tinydns-push', serviceDir];
}

/** What a pushing session reads first for the whole data: the serial and the length of the data that follows. */
export const pushHeader = (serial: number, text: string) => `${serial} ${Buffer.byteLength(text)}\n`;
/** The line that installs a push; a delta's names the MD5 (hex) its result must have. */
export const pushCommit = (md5?: string) => `commit${md5 ? ` ${md5}` : ''}\n`;
export const PUSH_ABORT = 'abort\n';

/** What BEFORE and AFTER share: the bytes at the start and at the end (not overlapping), and AFTER's bytes between. */
export function changedBytes(before: Buffer, after: Buffer): { prefix: number; suffix: number; middle: Buffer } {
  const limit = Math.min(before.length, after.length);
  const CHUNK = 65536;
  let prefix = 0;
  while (prefix + CHUNK <= limit && before.subarray(prefix, prefix + CHUNK).equals(after.subarray(prefix, prefix + CHUNK))) prefix += CHUNK;
  while (prefix < limit && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  const room = limit - prefix;
  while (suffix + CHUNK <= room && before.subarray(before.length - suffix - CHUNK, before.length - suffix)
    .equals(after.subarray(after.length - suffix - CHUNK, after.length - suffix))) suffix += CHUNK;
  while (suffix < room && before[before.length - suffix - 1] === after[after.length - suffix - 1]) suffix++;
  return { prefix, suffix, middle: after.subarray(prefix, after.length - suffix) };
}

/**
 * The header and bytes of a push of only what changed from BEFORE (which a secondary up to date
 * has, with mtime PREVIOUS, the last compile's serial) to AFTER.
 */
export function deltaPush(serial: number, before: Buffer, after: Buffer, previous: number): Buffer {
  const { prefix, suffix, middle } = changedBytes(before, after);
  return Buffer.concat([Buffer.from(`${serial} ${middle.length} ${prefix} ${suffix} ${before.length}.${previous}\n`), middle]);
}

/** The lines of TEXT that open a zone ("." and "Z" lines), found without splitting all of it (100,000 lines: 4 ms, not 150). */
export function zoneLines(text: string): string {
  const found: string[] = [];
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const first = text.charCodeAt(start);
    if (first === 46 /* . */ || first === 90 /* Z */) found.push(text.slice(start, end));
    start = end + 1;
  }
  return found.join('\n');
}

/** The query for each of up to `count` names of the data (one per name and type), to compare answers. */
export function sampleQueries(text: string, count: number): { type: string; name: string }[] {
  const types: Partial<Record<DataRecord['kind'], string>> = {
    ns: 'soa', host: 'a', alias: 'a', mx: 'mx', cname: 'cname', txt: 'txt', ptr: 'ptr', childns: 'ns',
  };
  const seen = new Set<string>();
  const queries: { type: string; name: string }[] = [];
  const lines = text.split('\n');
  const step = Math.max(1, Math.floor(lines.length / count));
  for (let i = 0; i < lines.length && queries.length < count; i += step) {
    const record = decodeLine(lines[i]);
    const type = record && types[record.kind];
    if (!record || !type || record.name === '' || seen.has(`${type} ${record.name}`)) continue;
    seen.add(`${type} ${record.name}`);
    queries.push({ type, name: record.name });
  }
  return queries;
}

/** AXFR secondaries to NOTIFY: DIR/notify/IP holds their zones, one a line. */
export const notifyDir = (dir: string) => join(dir, 'notify');

export function readNotifyTargets(dir: string): { ip: string; zones: string[] }[] {
  return fileNames(notifyDir(dir)).map((name) => {
    const path = join(notifyDir(dir), name);
    try {
      return { ip: parseIPv4(name), zones: readFileSync(path, 'utf8').split('\n').map((z) => z.trim()).filter(Boolean) };
    } catch (error) {
      throw new InvalidInput(`${path}: ${(error as Error).message}`);
    }
  });
}
