// iim-dnscache's resolvConf and resolvConfRestore: point the resolver file at this cache, with a backup to go back to.
import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync, readlinkSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { CommandContext } from '../../framework/declaration.js';
import { problem } from '../../framework/problems.js';
import { commandLineFor } from '../../framework/command-line.js';
import { allowingPrefix, cacheDirOf, cacheIpOf, cacheOf, listEntries, withCacheLock } from './cache-dir.js';
import { lstatOrUndefined } from '../../lib/dnscache/path-info.js';
import { backupPathFor, backupsOf, pointAt } from '../../lib/dnscache/resolv-conf.js';

/**
 * The resolver file's content and mode, read without following a link: its directory may be
 * shared (-p resolvConf=/tmp/x/resolv.conf), and a link planted there would have us copy, say,
 * a secret into a 0644 file. A link (systemd's stub resolv.conf) is refused, naming its target.
 */
function readResolverFile(file: string): { text: string; mode: number } | undefined {
  const info = lstatOrUndefined(file);
  if (!info) return undefined;
  if (info.isSymbolicLink()) {
    problem('refusing %s: it is a symbolic link to %s; point -p resolvConf at the file itself, or replace the link by a file first', file, readlinkSync(file));
  }
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    return problem('unable to read %s: %s', file, (error as Error).message);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) problem('refusing %s: it is not a plain file', file);
    return { text: readFileSync(fd, 'utf8'), mode: stats.mode & 0o7777 };
  } finally {
    closeSync(fd);
  }
}

export async function resolvConf(context: CommandContext): Promise<void> {
  const { params, op, out } = context;
  const cache = cacheOf(context);
  const ip = cacheIpOf(cache, commandLineFor(context));
  const file = resolve(params.resolvConf);
  if (existsSync(cache.ip) && !allowingPrefix(ip, listEntries(cache.ip)) && !allowingPrefix('127.0.0.1', listEntries(cache.ip))) {
    out.warn(`no prefix in ${cache.ip} allows local clients: clientAllow 127`);
  }
  // The cache's own lock, not one beside the resolver file: we put nothing in /etc (or a shared
  // directory) but the backup, and one cache's resolvConf runs are what can meet.
  const done = await withCacheLock(op, cache, async () => {
    const current = readResolverFile(file);
    const after = pointAt(current?.text ?? '', ip);
    if (current && after === current.text) return false;
    if (current) {
      const backup = backupPathFor(file, new Date(), (path) => lstatOrUndefined(path) !== undefined);
      await op.writeFile(backup, current.text, current.mode);
      if (op.performs) out.note(`backup: ${backup}`);
    }
    await op.writeFile(file, after, current ? current.mode : 0o644);
    return true;
  });
  if (!done) return out.note(`${file} already points at ${ip}; nothing changed`);
  out.done(`${file}: nameserver ${ip}`);
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
  // resolvConf makes plain files only: a link named like a backup was put there by someone else.
  const info = lstatOrUndefined(backup);
  if (info?.isSymbolicLink()) problem('refusing backup %s: it is a symbolic link to %s, not a file resolvConf made', backup, readlinkSync(backup));
  if (info && !info.isFile()) problem('refusing backup %s: it is not a plain file', backup);
  const cache = cacheDirOf(params.dir);
  const restore = () => op.rename(backup, file);
  await (existsSync(cache.dir) ? withCacheLock(op, cache, restore) : restore());
  out.done(`restored ${file} from ${backup}`);
}
