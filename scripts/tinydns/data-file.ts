// The service's root/data as a shared file: read it whole, change it under a lock with an
// atomic rename, compile it with tinydns-data, and put the old bytes back if that fails.
import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Operations } from '../../framework/operations.js';
import { Problem } from '../../framework/problems.js';

/** The root/ of the tinydns service directory -p dir names. */
export const rootOf = (params: Record<string, string>) => join(resolve(params.dir), 'root');
export const dataPath = (root: string) => join(root, 'data');
/** tinydns-data writes data.tmp; our lock must not be that name. */
export const lockPath = (root: string) => join(root, 'data.lock');

/** The data file's text; refuses a file that is not UTF-8, since rewriting it as text would change its bytes. */
export function readDataText(root: string): string {
  const path = dataPath(root);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Problem(`no ${path}: set the service up first (-i setup IP), or give its directory with -p dir=DIR`);
    throw new Problem(`unable to read ${path}: ${(error as Error).message}`);
  }
  if (!isUtf8(bytes)) throw new Problem(`${path} is not UTF-8 text: edit it by hand (tinydns data writes other bytes as \\NNN escapes)`);
  return bytes.toString('utf8');
}

/** Run tinydns-data in ROOT (it writes data.tmp, then renames it to data.cdb). */
export async function compileData(op: Operations, root: string): Promise<void> {
  await op.run('tinydns-data', [], { cwd: root });
}

/**
 * Read-modify-write root/data under root/data.lock: `edit` gets the current text and returns
 * the new text (or undefined: nothing to do). The new file replaces the old one atomically and
 * is compiled; if tinydns-data refuses it, the previous bytes are written back. True when changed.
 */
export async function changeData(op: Operations, root: string, edit: (text: string) => string | undefined): Promise<boolean> {
  const path = dataPath(root);
  return op.withLock(lockPath(root), async () => {
    const before = readDataText(root);
    const after = edit(before);
    if (after === undefined || after === before) return false;
    const mode = statSync(path).mode & 0o7777;
    await op.protected(async () => {
      await op.writeFile(path, after, mode);
      try {
        await compileData(op, root);
      } catch (error) {
        await op.writeFile(path, before, mode);
        await op.unlink(join(root, 'data.tmp')); // what the failed tinydns-data left
        throw new Problem(`tinydns-data refused the changed data, so ${path} is back as it was: ${(error as Error).message}`);
      }
    });
    return true;
  });
}
