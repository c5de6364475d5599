// An exclusive lock for a read-modify-write of a shared file, with flock(2) semantics: the kernel
// releases it when its holder dies, so there is no pid to guess and no lock to take over.
import { closeSync, constants, fchmodSync, fstatSync, lstatSync, openSync, readlinkSync } from 'node:fs';
import { track, willSpawn } from './child-processes.js';
import { childProcesses } from './lazy-builtins.js';
import { Problem } from './problems.js';

export interface HeldLock {
  readonly path: string;
  /** Our descriptor of the locked file: the lock lasts while it (or a copy in a child) is open. */
  readonly fd: number;
}

function openLockFile(path: string): number {
  if (path.includes('\0')) throw new Problem(`refusing lock path with a NUL byte: ${JSON.stringify(path)}`);
  const flags = constants.O_RDWR | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  let fd: number | undefined;
  try {
    for (let attempt = 0; fd === undefined; attempt++) {
      try {
        fd = openSync(path, flags | constants.O_CREAT | constants.O_EXCL, 0o644);
        fchmodSync(fd, 0o644); // whatever the umask
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        try {
          fd = openSync(path, flags);
        } catch (again) {
          // Removed between our two opens: create it again.
          if ((again as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 10) throw again;
        }
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP' && lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) {
      throw new Problem(`refusing lock ${path}: it is a symlink to ${readlinkSync(path)} (a lock file is a plain file)`);
    }
    throw new Problem(`unable to open lock ${path}: ${(error as Error).message}`);
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new Problem(`refusing lock ${path}: not a regular file`);
  }
  return fd;
}

/**
 * flock(1) locks the open file description it gets as fd 3 and exits; flock(2) locks belong to
 * that description, which we share, so from then on the lock is ours until we close it or die.
 */
function lockDescriptor(path: string, fd: number, timeoutMs: number): Promise<void> {
  const seconds = String(Math.max(timeoutMs, 0) / 1000);
  return new Promise((resolve, reject) => {
    const release = willSpawn();
    let child: ReturnType<ReturnType<typeof childProcesses>['spawn']>;
    try {
      child = childProcesses().spawn('flock', ['-x', '-w', seconds, '3'], { stdio: ['ignore', 'ignore', 'pipe', fd] });
      track(child, false);
    } finally {
      release();
    }
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error) => reject(new Problem(`unable to lock ${path}: flock (util-linux) could not start: ${error.message}`)));
    child.once('close', (status, signal) => {
      if (status === 0) resolve();
      else if (status === 1) reject(new Problem(`lock ${path} held by another edit for over ${seconds} s`));
      else reject(new Problem(`unable to lock ${path}: flock ${signal ? `killed by ${signal}` : `exit ${status}`}${stderr.trim() ? `: ${stderr.trim()}` : ''}`));
    });
  });
}

/** Wait (up to timeoutMs) for the exclusive lock on PATH, creating the file if need be. */
export async function acquireLock(path: string, timeoutMs = 30_000): Promise<HeldLock> {
  const fd = openLockFile(path);
  try {
    await lockDescriptor(path, fd, timeoutMs);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return { path, fd };
}

/** Closing our descriptor releases the lock. The file stays: unlinking a flock'ed file lets a second holder in. */
export function releaseLock(lock: HeldLock): void {
  closeSync(lock.fd);
}

/** Hold the lock on LOCKPATH while `work` runs; a file left by an earlier holder (any content) is simply locked again. */
export async function withLockFile<T>(lockPath: string, work: (lock: HeldLock) => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const lock = await acquireLock(lockPath, timeoutMs);
  try {
    return await work(lock);
  } finally {
    releaseLock(lock);
  }
}
