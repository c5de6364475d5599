// One dnscache's state on disk (dir/env, ROOT/ip, ROOT/servers) and how a change reaches the
// running cache: dnscache reads env/ and root/servers only at start (djbdns dnscache.c, roots.c).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { commandLineFor, type CommandLine } from '../../framework/command-line.js';
import type { CommandContext } from '../../framework/declaration.js';
import type { Operations } from '../../framework/operations.js';
import type { Output } from '../../framework/output.js';
import { Problem } from '../../framework/problems.js';
import { svc } from '../../lib/daemontools/control.js';
import { readEnvDir } from '../../lib/daemontools/envdir.js';
import { serviceLockPath } from '../../lib/daemontools/service-lock.js';
import { requireStaysUp } from '../../lib/daemontools/stays-up.js';
import { readServiceStatus } from '../../lib/daemontools/supervise-status.js';
import { requireOwnDirectory } from '../../lib/own-paths.js';

export interface CacheDir {
  /** The service directory (run, env/, log/, root/). */
  dir: string;
  env: string;
  /** Where dnscache chroots: env/ROOT when it names an absolute path, else dir/root. */
  root: string;
  /** Client prefixes: one empty file per prefix. */
  ip: string;
  /** Servers per domain: one file per domain, `@` for the roots. */
  servers: string;
  log: string;
}

export function cacheDirOf(dirParameter: string): CacheDir {
  const dir = resolve(dirParameter);
  const env = join(dir, 'env');
  let root = join(dir, 'root');
  const fromEnv = readEnvValue(env, 'ROOT');
  if (fromEnv?.startsWith('/')) root = resolve(fromEnv);
  return { dir, env, root, ip: join(root, 'ip'), servers: join(root, 'servers'), log: join(dir, 'log', 'main', 'current') };
}

type Invoked = Pick<CommandContext, 'params' | 'script' | 'invocation'>;

/**
 * The cache -p dir names, checked to be a dnscache service directory (env/, root/ip and
 * root/servers) before any command reads it: a tinydns directory or a plain service is refused.
 */
export function cacheOf(context: Invoked): CacheDir {
  return requireDnscacheKind(cacheDirOf(context.params.dir), commandLineFor(context));
}

/** cacheOf for a change: its directories must also be real ones (a planted link would have us write elsewhere). */
export function cacheToChange(context: Invoked): CacheDir {
  return requireCacheDir(cacheOf(context), commandLineFor(context));
}

/** A tinydns service directory given as a cache is named as such (logStats reads any log/main, but not tinydns's). */
export function refuseTinydnsDir(cache: CacheDir): CacheDir {
  if (existsSync(join(cache.root, 'data')) && !existsSync(cache.ip)) {
    throw new Problem(`${cache.dir} is a tinydns service directory (root/data), not a dnscache one: give -p dir= a dnscache service directory`);
  }
  return cache;
}

function requireDnscacheKind(cache: CacheDir, hint: CommandLine): CacheDir {
  const setUp = `set one up with ${hint('setup', 'IP')}`;
  if (!existsSync(cache.dir)) throw new Problem(`no ${cache.dir}: ${setUp}`);
  refuseTinydnsDir(cache);
  for (const path of [cache.env, cache.ip, cache.servers]) {
    if (!existsSync(path)) throw new Problem(`no ${path}: not a dnscache service directory (${setUp})`);
  }
  return cache;
}

/** The cache must have been set up: its root/ip and root/servers are what we edit. */
export function requireCacheDir(cache: CacheDir, hint?: CommandLine): CacheDir {
  requireDnscacheKind(cache, hint ?? ((command, ...args) => ['-i', command, ...args].join(' ')));
  for (const path of [cache.dir, cache.env, cache.ip, cache.servers]) requireOwnDirectory(path, path === cache.env);
  return cache;
}

/** Every read-modify-write of this cache's files holds the one lock of its service directory. */
export function withCacheLock<T>(op: Operations, cache: CacheDir, work: () => Promise<T>): Promise<T> {
  return op.withLock(serviceLockPath(cache.dir), work);
}

/** DIRECTORY/NAME for an already validated NAME; refuses anything that would land elsewhere. */
export function entryIn(directory: string, name: string): string {
  const path = resolve(directory, name);
  if (dirname(path) !== resolve(directory) || name.startsWith('.')) {
    throw new Problem(`refusing ${JSON.stringify(name)}: it would not be a file directly in ${directory}`);
  }
  return path;
}

/** File names in a directory, sorted, dot files (our temporary files, locks) skipped. */
export function listEntries(directory: string): string[] {
  return readdirSync(directory).filter((name) => !name.startsWith('.')).sort(compareDotted);
}

/** 10.2 before 10.10; names without digits alphabetically. */
function compareDotted(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const na = Number(pa[i]);
    const nb = Number(pb[i]);
    const byNumber = /^[0-9]+$/.test(pa[i]) && /^[0-9]+$/.test(pb[i]) ? na - nb : 0;
    if (byNumber) return byNumber;
    if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  }
  return 0;
}

/** One variable as envdir would set it; undefined when the file is missing or empty. */
export function readEnvValue(envDirectory: string, name: string): string | undefined {
  try {
    return readEnvDir(envDirectory).get(name) ?? undefined;
  } catch (error) {
    if (error instanceof Problem) throw error; // a link in env/: say so
    return undefined;
  }
}

/** The address to ask this cache at (env/IP; 0.0.0.0 means every address, so loopback). */
export function cacheIpOf(cache: CacheDir, hint?: CommandLine): string {
  const ip = readEnvValue(cache.env, 'IP');
  const setIt = hint ? hint('envSet', 'IP', 'ADDRESS') : '-i envSet IP ADDRESS';
  if (ip === undefined) throw new Problem(`no ${join(cache.env, 'IP')}: dnscache does not start without it (set it with ${setIt})`);
  return ip === '0.0.0.0' ? '127.0.0.1' : ip;
}

/** The IPs in root/servers/DOMAIN, one per line as dnscache reads them (blank lines skipped). */
export function readServers(path: string): string[] {
  return readFileSync(path, 'latin1').split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

/** The root/ip prefix that lets CLIENT ask (dnscache tries 1.2.3.4, 1.2.3, 1.2, 1), if any. */
export function allowingPrefix(client: string, prefixes: readonly string[]): string | undefined {
  const octets = client.split('.');
  for (let n = 4; n >= 1; n--) {
    const prefix = octets.slice(0, n).join('.');
    if (prefixes.includes(prefix)) return prefix;
  }
  return undefined;
}

/**
 * After a change dnscache reads only at start: restart it (svc -t) when it runs under supervise,
 * check that it stays up under a new pid (a crash loop also gets new pids), and say so; otherwise
 * say when the change takes effect. One that does not stay up is a problem quoting its log.
 */
export async function restartIfRunning(op: Operations, out: Output, cache: CacheDir, why: string): Promise<void> {
  const before = readServiceStatus(cache.dir);
  if (before.supervised && before.pid === 0 && before.wanted === 'up') {
    // Between two starts of a crash loop: supervise starts it again within a second, with the change.
    const pid = await requireStaysUp(op, cache.dir, 'dnscache', { timeoutMs: 10_000 });
    out.done(`dnscache started again (pid ${pid}) and stays up: ${why}`);
    return;
  }
  if (!before.supervised || before.pid === 0) {
    const state = before.supervised ? 'is down' : 'is not running under supervise';
    out.result(`dnscache in ${cache.dir} ${state}: the change takes effect when it starts (${why})`);
    return;
  }
  await svc(op, '-t', [cache.dir]);
  const pid = await requireStaysUp(op, cache.dir, 'dnscache', { formerPid: before.pid, timeoutMs: 10_000 });
  out.done(`restarted dnscache (svc -t ${cache.dir}; pid ${before.pid} -> ${pid}, stays up): ${why}`);
}
