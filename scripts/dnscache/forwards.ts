// iim-dnscache's forwardAdd, forwardSet, forwardRemove, forwardList and forwardOnly: root/servers and env/FORWARDONLY.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandContext } from '../../framework/declaration.js';
import { problem, usage } from '../../framework/problems.js';
import { cacheOf, cacheToChange, entryIn, listEntries, readServers, restartIfRunning, withCacheLock } from './cache-dir.js';
import { setVariable, unsetVariable } from './env-writes.js';
import { validateUsableAddress } from '../../lib/dnscache/address-use.js';
import { validateIPv4, validateServersDomain } from '../../lib/dnscache/prefix.js';
import { requireOwnFileOrAbsent } from '../../lib/own-paths.js';

const SERVERS_AT_START = 'dnscache reads root/servers only at start';

/** The roots dnscache-conf writes into servers/@ (a.root-servers.net first). */
const INTERNET_ROOT = '198.41.0.4';

export const forwardAdd = (context: CommandContext) => forwardWrite(context, 'add');
export const forwardSet = (context: CommandContext) => forwardWrite(context, 'set');

async function forwardWrite(context: CommandContext, how: 'add' | 'set'): Promise<void> {
  const { args: [domainArgument, ...ipArguments], op, out } = context;
  const domain = validateServersDomain(domainArgument);
  const ips = ipArguments.map((ip) => validateUsableAddress(validateIPv4(ip), 'server IP'));
  const cache = cacheToChange(context);
  const path = entryIn(cache.servers, domain);
  if (domain === '@' && how === 'add') problem('forwardAdd @ would mix servers into the root list: replace it with forwardSet @ IP...');
  requireOwnFileOrAbsent(path);
  const written = await withCacheLock(op, cache, async () => {
    requireOwnFileOrAbsent(path);
    const before = existsSync(path) ? readServers(path) : [];
    const after = [...new Set(how === 'add' ? [...before, ...ips] : ips)];
    if (after.join('\n') === before.join('\n')) return { changed: false, servers: before };
    // 0644: dnscache reads root/servers after dropping to its own account (dnscache.c, roots_init).
    await op.writeFile(path, after.join('\n') + '\n', 0o644);
    return { changed: true, servers: after };
  });
  if (!written.changed) return out.note(`${domain} already goes to ${written.servers.join(' ')}; nothing changed`);
  out.done(`${domain} -> ${written.servers.join(' ')} (${path})`);
  await restartIfRunning(op, out, cache, SERVERS_AT_START);
}

export async function forwardRemove(context: CommandContext): Promise<void> {
  const { args: [domainArgument], op, out } = context;
  const domain = validateServersDomain(domainArgument);
  if (domain === '@') problem('refusing to remove root/servers/@: dnscache needs root servers (replace them with forwardSet @ IP...)');
  const cache = cacheToChange(context);
  const path = entryIn(cache.servers, domain);
  const requireForwarded = () => {
    if (!existsSync(path)) problem('%s is not forwarded: %s has %s', domain, cache.servers, listEntries(cache.servers).join(' '));
  };
  requireForwarded();
  await withCacheLock(op, cache, async () => {
    requireForwarded();
    await op.unlink(path);
  });
  out.done(`${domain} is resolved through the roots again (removed ${path})`);
  await restartIfRunning(op, out, cache, SERVERS_AT_START);
}

export async function forwardList(context: CommandContext): Promise<void> {
  const { params, out } = context;
  const cache = cacheToChange(context);
  const entries = listEntries(cache.servers).map((domain) => ({ domain, servers: readServers(join(cache.servers, domain)) }));
  if (params.format === 'json') return out.json(entries);
  entries.forEach(({ domain, servers }) => out.result(`${domain} ${servers.join(' ')}`));
}

export async function forwardOnly(context: CommandContext): Promise<void> {
  const { args: [answer], out } = context;
  if (answer !== 'yes' && answer !== 'no') usage('forwardOnly takes yes or no, got "%s"', answer);
  if (answer === 'no') return unsetVariable(context, 'FORWARDONLY');
  const cache = cacheOf(context);
  const roots = join(cache.servers, '@');
  if (existsSync(roots) && readServers(roots).includes(INTERNET_ROOT)) {
    out.warn(`${roots} lists the Internet root servers, which answer no recursive queries: point it at caches (forwardSet @ IP...)`);
  }
  // dnscache.c only checks that FORWARDONLY is set; "1" is what its documentation shows.
  return setVariable(context, 'FORWARDONLY', '1');
}
