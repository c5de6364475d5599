// iim-dnscache's setup, status and cacheFlush: make the service, report on it, restart it empty.
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { CommandContext } from '../../framework/declaration.js';
import { problem } from '../../framework/problems.js';
import { isSupervised, linkService } from '../../lib/daemontools/control.js';
import { serviceLockPath } from '../../lib/daemontools/service-lock.js';
import { statusLine, statusObject } from '../../lib/daemontools/status-report.js';
import { readServiceStatus } from '../../lib/daemontools/supervise-status.js';
import { cacheOf, listEntries, readEnvValue, readServers, restartIfRunning } from './cache-dir.js';
import { lstatOrUndefined } from '../../lib/dnscache/path-info.js';
import { addressIsPublic, validateUsableAddress } from '../../lib/dnscache/address-use.js';
import { validateIPv4 } from '../../lib/dnscache/prefix.js';

function accountExists(name: string): boolean {
  return readFileSync('/etc/passwd', 'utf8').split('\n').some((entry) => entry.split(':')[0] === name);
}

export async function setup({ args: [ipArgument], params, op, out, force }: CommandContext): Promise<void> {
  const ip = validateUsableAddress(validateIPv4(ipArgument), 'IP');
  const dir = resolve(params.dir);
  const serviceDir = resolve(params.serviceDir);
  const link = join(serviceDir, basename(dir));
  if (existsSync(dir)) {
    if (!force) problem('%s exists: if you really want to replace it, specify -f', dir);
    if (isSupervised(dir)) problem('%s is running under supervise: stop it first (svc -dx %s %s/log)', dir, dir, dir);
  }
  const linked = lstatOrUndefined(link);
  const linkedHere = linked?.isSymbolicLink() === true && resolve(serviceDir, readlinkSync(link)) === dir;
  if (linked && !linkedHere && !force) problem('%s exists and is not a link to %s: if you really want to replace it, specify -f', link, dir);
  for (const account of [params.account, params.logAccount]) {
    if (accountExists(account)) continue;
    out.note(`creating the system account ${account} (dnscache-conf needs it)`);
    await op.run('useradd', ['-r', '-s', '/usr/sbin/nologin', '-d', '/nonexistent', account]);
  }
  if (existsSync(dir)) await op.remove(dir);
  await op.run('dnscache-conf', [params.account, params.logAccount, dir, ip]);
  // The edits' lock file, made with the service: a refused edit then leaves the tree as it was.
  await op.writeFile(serviceLockPath(dir), '', 0o644);
  await op.mkdir(serviceDir);
  if (!linkedHere) {
    if (linked) await op.remove(link);
    await linkService(op, dir, serviceDir);
  }
  if (addressIsPublic(ip)) out.warn(`${ip} is a public address: keep root/ip to private prefixes, or it is an open resolver (clientAllow refuses a public prefix without -f)`);
  out.done(`dnscache for ${ip} in ${dir}, linked as ${link}: svscan starts it within 5 s; it answers 127.0.0.1 only (clientAllow PREFIX for more)`);
}

export async function status(context: CommandContext): Promise<void> {
  const { params, out } = context;
  const cache = cacheOf(context);
  const supervise = readServiceStatus(cache.dir, cache.dir);
  const listOr = (path: string) => (existsSync(path) ? listEntries(path) : []);
  const facts = {
    ip: readEnvValue(cache.env, 'IP') ?? null,
    forwardOnly: readEnvValue(cache.env, 'FORWARDONLY') !== undefined,
    clients: listOr(cache.ip),
    forwards: Object.fromEntries(listOr(cache.servers).map((domain) => [domain, readServers(join(cache.servers, domain))])),
  };
  const { markRestarting, restartingComplaint } = await import('../../lib/daemontools/restart-loop.js');
  const restarting = await markRestarting([{ dir: cache.dir, status: supervise }]);
  if (params.format === 'json') out.json({ ...statusObject(supervise), ...facts });
  else {
    out.result(statusLine(supervise));
    out.result(`IP ${facts.ip ?? '(unset)'}; clients: ${facts.clients.join(' ') || '(none)'}; forwards: ${Object.keys(facts.forwards).join(' ') || '(none)'}${facts.forwardOnly ? '; FORWARDONLY' : ''}`);
  }
  if (restarting.length) problem('%s', restartingComplaint(restarting));
}

export async function cacheFlush(context: CommandContext): Promise<void> {
  const { op, out } = context;
  const cache = cacheOf(context);
  const now = readServiceStatus(cache.dir);
  if (!now.supervised || now.pid === 0) problem('dnscache in %s is not running under supervise: nothing cached to flush', cache.dir);
  await restartIfRunning(op, out, cache, 'it starts with an empty cache');
}
