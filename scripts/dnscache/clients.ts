// iim-dnscache's clientAllow, clientDeny and clientList: who may ask, one root/ip/PREFIX file each.
import { existsSync } from 'node:fs';
import type { CommandContext } from '../../framework/declaration.js';
import { problem } from '../../framework/problems.js';
import { cacheDirOf, entryIn, listEntries, requireCacheDir } from './cache-dir.js';
import { validateClientPrefix } from '../../lib/dnscache/prefix.js';

export async function clientAllow({ args: [prefixArgument], params, op, out }: CommandContext): Promise<void> {
  const prefix = validateClientPrefix(prefixArgument);
  const cache = requireCacheDir(cacheDirOf(params.dir));
  const path = entryIn(cache.ip, prefix);
  if (existsSync(path)) return out.note(`${prefix} is already allowed (${path}); nothing changed`);
  // dnscache-conf's own mode for root/ip files; dnscache only stat()s them, per query.
  await op.writeFile(path, '', 0o600);
  if (op.performs) out.result(`allowed ${prefix}: clients whose address starts with ${prefix}. may ask (checked per query, no restart needed)`);
}

export async function clientDeny({ args: [prefixArgument], params, op, out }: CommandContext): Promise<void> {
  const prefix = validateClientPrefix(prefixArgument);
  const cache = requireCacheDir(cacheDirOf(params.dir));
  const path = entryIn(cache.ip, prefix);
  if (!existsSync(path)) problem('%s is not in %s: allowed are %s', prefix, cache.ip, listEntries(cache.ip).join(' ') || '(none)');
  await op.unlink(path);
  const remaining = listEntries(cache.ip).filter((name) => name !== prefix);
  const still = remaining.find((shorter) => prefix.startsWith(shorter + '.'));
  if (still) out.warn(`${prefix} is still allowed by the shorter prefix ${still} (clientDeny ${still} to stop that)`);
  if (op.performs) out.result(`denied ${prefix}: removed ${path}`);
}

export async function clientList({ params, out }: CommandContext): Promise<void> {
  const prefixes = listEntries(requireCacheDir(cacheDirOf(params.dir)).ip);
  if (params.format === 'json') return out.json(prefixes);
  prefixes.forEach((prefix) => out.result(prefix));
}
