// Atomic writes: a temporary file in the same directory, fsync, rename. The file gets the mode we
// say whatever the umask, an existing file keeps its mode and owner, and a symlink is never followed.
import {
  closeSync, constants, fchmodSync, fchownSync, fsyncSync, lstatSync, openSync, readdirSync, readlinkSync, renameSync, unlinkSync, writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Problem } from './problems.js';
import { cryptoModule } from './lazy-builtins.js';

export { withLockFile } from './lock-file.js';

export interface WriteOptions {
  /** The mode of a new file (default 0644); of an existing one too when keepExisting is false. */
  mode?: number;
  /** An existing file keeps its mode, and its owner and group when we are root (default true). */
  keepExisting?: boolean;
  /** Replace a symlink at the path by a file (resolv.conf) instead of refusing. */
  replaceSymlink?: boolean;
}

/** A plain number is the mode of a new file (what op.writeFile(path, content, mode) always meant). */
export function writeOptions(modeOrOptions: number | WriteOptions | undefined): WriteOptions {
  return typeof modeOrOptions === 'number' ? { mode: modeOrOptions } : { ...modeOrOptions };
}

const TEMPORARY_MARK = '.iim-tmp-';
/** A temporary file whose writer still runs is left alone unless it is this old (its pid reused). */
const STALE_TEMPORARY_MS = 3_600_000;
const NAME_MAX = 255;

/**
 * `.NAME.iim-tmp-PID-XXXXXXXX` beside NAME, so a later write of NAME finds what a killed writer
 * left and knows whose it was; a name too long for that is replaced by a hash of it, so any NAME
 * up to 255 bytes can be written.
 */
function temporaryPrefix(name: string): string {
  const short = `.${name}${TEMPORARY_MARK}`;
  if (Buffer.byteLength(short) + 20 <= NAME_MAX) return short;
  return `.sha256-${cryptoModule().createHash('sha256').update(name).digest('hex').slice(0, 16)}${TEMPORARY_MARK}`;
}

function randomSuffix(): string {
  return `${process.pid}-${cryptoModule().randomBytes(6).toString('base64url').slice(0, 8)}`;
}

function writerRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary files of this target whose writer is gone (killed mid-write): the next write removes them. */
function removeStaleTemporaries(directory: string, prefix: string): void {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    const match = name.startsWith(prefix) ? /^([0-9]+)-[A-Za-z0-9_-]{8}$/.exec(name.slice(prefix.length)) : null;
    if (!match) continue;
    const path = join(directory, name);
    const info = lstatSync(path, { throwIfNoEntry: false });
    if (!info?.isFile()) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && writerRuns(pid) && now - info.mtimeMs < STALE_TEMPORARY_MS) continue;
    try {
      unlinkSync(path);
    } catch {
      /* another writer cleaned it first */
    }
  }
}

/** The target as it is now; refuses what a control file of ours never is. */
function existingTarget(path: string, options: WriteOptions): Stats | undefined {
  const info = lstatSync(path, { throwIfNoEntry: false });
  if (!info) return undefined;
  if (info.isSymbolicLink()) {
    if (options.replaceSymlink) return undefined;
    throw new Problem(`refusing to write ${path}: it is a symlink to ${readlinkSync(path)} (write the file it points to, or remove the link)`);
  }
  if (!info.isFile()) throw new Problem(`refusing to write ${path}: it is not a regular file`);
  return info;
}

/** The mode the file will have after writeFileAtomic(path, …, options), and whether it is chosen by OPTIONS. */
export function plannedMode(path: string, options: WriteOptions): { mode: number; declared: boolean } {
  const existing = existingTarget(path, options);
  if (existing && options.keepExisting !== false) return { mode: existing.mode & 0o7777, declared: false };
  return { mode: options.mode ?? 0o644, declared: true };
}

export function writeFileAtomic(path: string, content: string | Buffer, modeOrOptions?: number | WriteOptions): void {
  const options = writeOptions(modeOrOptions);
  if (path.includes('\0')) throw new Problem(`refusing to write a path with a NUL byte: ${JSON.stringify(path)}`);
  const existing = existingTarget(path, options);
  const mode = existing && options.keepExisting !== false ? existing.mode & 0o7777 : (options.mode ?? 0o644);
  const directory = dirname(path);
  const prefix = temporaryPrefix(basename(path));
  removeStaleTemporaries(directory, prefix);

  let temporary = '';
  let fd: number | undefined;
  for (let attempt = 0; fd === undefined; attempt++) {
    temporary = join(directory, prefix + randomSuffix());
    try {
      fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 20) throw error;
    }
  }
  try {
    // Owner first: chown clears the set-id bits that the chmod after it puts back.
    if (existing && process.getuid?.() === 0) fchownSync(fd, existing.uid, existing.gid);
    fchmodSync(fd, mode);
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temporary);
    } catch {
      /* never created or already renamed */
    }
    throw error;
  }
  try {
    const directoryFd = openSync(directory, constants.O_RDONLY);
    fsyncSync(directoryFd);
    closeSync(directoryFd);
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  }
}
