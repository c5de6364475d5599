// iim-dnscache's clientAllow, clientDeny and clientList: who may ask, one root/ip/PREFIX file each.
import { existsSync } from 'node:fs';
import type { CommandContext } from '../../framework/declaration.js';
import { problem } from '../../framework/problems.js';
import { cacheToChange, entryIn, listEntries, readEnvValue, withCacheLock } from './cache-dir.js';
import { openResolverComplaint, prefixIsPrivate } from '../../lib/dnscache/address-use.js';
import { validateClientPrefix } from '../../lib/dnscache/prefix.js';
import { requireOwnFileOrAbsent } from '../../lib/own-paths.js';

export async function clientAllow(context: CommandContext): Promise<void> {
  const { args: [prefixArgument], op, out, force } = context;
  const prefix = validateClientPrefix(prefixArgument);
  const cache = cacheToChange(context);
  const path = entryIn(cache.ip, prefix);
  const ip = readEnvValue(cache.env, 'IP');
  const open = ip === undefined ? undefined : openResolverComplaint(ip, [prefix]);
  if (open && !force) problem('refusing clientAllow %s: %s', prefix, open);
  requireOwnFileOrAbsent(path);
  const added = await withCacheLock(op, cache, async () => {
    requireOwnFileOrAbsent(path);
    if (existsSync(path)) return false;
    // dnscache-conf's own mode for root/ip files; dnscache only stat()s them, per query.
    await op.writeFile(path, '', 0o600);
    return true;
  });
  if (!added) return out.note(`${prefix} is already allowed (${path}); nothing changed`);
  if (open) out.warn(`this cache is ${open.replace(/; if you really.*$/, '')}`);
  else if (!prefixIsPrivate(prefix)) out.warn(`${prefix} is a public prefix: harmless while dnscache listens on ${ip ?? 'a private address'} only`);
  out.done(`allowed ${prefix}: clients whose address starts with ${prefix}. may ask (checked per query, no restart needed)`);
}

export async function clientDeny(context: CommandContext): Promise<void> {
  const { args: [prefixArgument], op, out } = context;
  const prefix = validateClientPrefix(prefixArgument);
  const cache = cacheToChange(context);
  const path = entryIn(cache.ip, prefix);
  const requireAllowed = () => {
    if (!existsSync(path)) problem('%s is not in %s: allowed are %s', prefix, cache.ip, listEntries(cache.ip).join(' ') || '(none)');
  };
  requireAllowed();
  await withCacheLock(op, cache, async () => {
    requireAllowed();
    await op.unlink(path);
  });
  const remaining = listEntries(cache.ip).filter((name) => name !== prefix);
  const still = remaining.find((shorter) => prefix.startsWith(shorter + '.'));
  if (still) out.warn(`${prefix} is still allowed by the shorter prefix ${still} (clientDeny ${still} to stop that)`);
  out.done(`denied ${prefix}: removed ${path}`);
}

export async function clientList(context: CommandContext): Promise<void> {
  const { params, out } = context;
  const prefixes = listEntries(cacheToChange(context).ip);
  if (params.format === 'json') return out.json(prefixes);
  prefixes.forEach((prefix) => out.result(prefix));
}
