// iim-dnscache's resolvConf and resolvConfRestore: point the resolver file at this cache, with a backup to go back to.
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { CommandContext } from '../../framework/declaration.js';
import { problem } from '../../framework/problems.js';
import { allowingPrefix, cacheDirOf, cacheIpOf, listEntries } from './cache-dir.js';
import { lstatOrUndefined } from '../../lib/dnscache/path-info.js';
import { backupPathFor, backupsOf, pointAt } from '../../lib/dnscache/resolv-conf.js';

export async function resolvConf({ params, op, out }: CommandContext): Promise<void> {
  const cache = cacheDirOf(params.dir);
  const ip = cacheIpOf(cache);
  const file = resolve(params.resolvConf);
  const info = lstatOrUndefined(file);
  const before = info ? readFileSync(file, 'utf8') : '';
  const after = pointAt(before, ip);
  if (after === before && !info?.isSymbolicLink()) return out.note(`${file} already points at ${ip}; nothing changed`);
  if (existsSync(cache.ip) && !allowingPrefix(ip, listEntries(cache.ip)) && !allowingPrefix('127.0.0.1', listEntries(cache.ip))) {
    out.warn(`no prefix in ${cache.ip} allows local clients: clientAllow 127`);
  }
  if (info) {
    const backup = backupPathFor(file, new Date(), (path) => lstatOrUndefined(path) !== undefined);
    if (info.isSymbolicLink()) {
      out.warn(`${file} is a link to ${readlinkSync(file)}: it becomes a file; the backup keeps the link`);
      await op.symlink(readlinkSync(file), backup);
    } else await op.writeFile(backup, before, info.mode & 0o7777);
    if (op.performs) out.note(`backup: ${backup}`);
  }
  await op.writeFile(file, after, { mode: info && !info.isSymbolicLink() ? info.mode & 0o7777 : 0o644, replaceSymlink: true });
  if (op.performs) out.result(`${file}: nameserver ${ip}`);
}

export async function resolvConfRestore({ args: [backupArgument], params, op, out }: CommandContext): Promise<void> {
  const file = resolve(params.resolvConf);
  const backups = backupsOf(file);
  let backup = backups.at(-1);
  if (backupArgument !== undefined) {
    backup = backups.find((path) => path === resolve(backupArgument) || basename(path) === backupArgument);
    if (!backup) problem('"%s" is not a backup of %s: there are %s', backupArgument, file, backups.map((path) => basename(path)).join(' ') || 'none');
  }
  if (!backup) problem('no backup of %s (FILE.iim-dnscache-STAMP beside it) to restore', file);
  await op.rename(backup, file);
  if (op.performs) out.result(`restored ${file} from ${backup}`);
}
