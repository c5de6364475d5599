// The service's root/data as a shared file: read it whole, change it under a lock with an
// atomic rename, compile it with tinydns-data, and put the old bytes back if that fails.
import { isUtf8 } from 'node:buffer';
import { existsSync, lstatSync, readlinkSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Operations } from '../../framework/operations.js';
import { Problem } from '../../framework/problems.js';
import { bareHint, type CommandHint } from '../../lib/command-hint.js';
import { compiledState } from '../../lib/tinydns/compiled-state.js';
import { readOwnFile } from '../../lib/own-paths.js';

/** The root/ of the tinydns service directory -p dir names. */
export const rootOf = (params: Record<string, string>) => join(resolve(params.dir), 'root');
export const dataPath = (root: string) => join(root, 'data');
/** tinydns-data writes data.tmp; our lock must not be that name. */
export const lockPath = (root: string) => join(root, 'data.lock');
/** What an interrupted tinydns-data leaves behind (it truncates it on its next run). */
export const compileLeftover = (root: string) => join(root, 'data.tmp');

/** Refuses, before any lock file is made, a service without root/data. */
export function requireData(root: string, hint: CommandHint = bareHint): void {
  if (!existsSync(dataPath(root))) throw noData(root, hint);
}

function noData(root: string, hint: CommandHint): Problem {
  if (existsSync(join(root, 'ip')) && existsSync(join(root, 'servers'))) {
    return new Problem(`no ${dataPath(root)}: ${resolve(root, '..')} is a dnscache service directory (root/ip, root/servers), not a tinydns one; give -p dir= a tinydns service directory`);
  }
  return new Problem(`no ${dataPath(root)}: set the service up first (${hint('setup', 'IP')}) or give -p dir=DIR`);
}

/**
 * Refuses what an edit must not touch: no root/data, or root/ or root/data a symbolic link
 * (the atomic rename would put a regular file in the link's place).
 */
export function requireEditableData(root: string, hint: CommandHint = bareHint): void {
  refuseDataLinks(root, 'edit', ' (an edit would replace it with a regular file)');
  requireData(root, hint);
}

/** Refuses root/ or root/data that is a symbolic link: reading through it would show (or compile into data.cdb) what it points to. */
export function refuseDataLinks(root: string, verb = 'read', why = ''): void {
  for (const path of [root, dataPath(root)]) {
    let link = false;
    try {
      link = lstatSync(path).isSymbolicLink();
    } catch {
      break; // requireData names it
    }
    if (link) {
      throw new Problem(`${path} is a symbolic link to ${readlinkSync(path)}: refusing to ${verb} through it${why}; give -p dir= the real service directory, or put the file in the link's place`);
    }
  }
}

/** The data file's text; refuses a file that is not UTF-8, since rewriting it as text would change its bytes. */
export function readDataText(root: string, hint: CommandHint = bareHint): string {
  const path = dataPath(root);
  let bytes: Buffer;
  refuseDataLinks(root);
  try {
    bytes = readOwnFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw noData(root, hint);
    if (error instanceof Problem) throw error;
    throw new Problem(`unable to read ${path}: ${(error as Error).message}`);
  }
  if (!isUtf8(bytes)) throw new Problem(`${path} is not UTF-8 text: edit it by hand (tinydns data writes other bytes as \\NNN escapes)`);
  return bytes.toString('utf8');
}

/** The text to edit: refused with a carriage return in it (DOS line ends), since appending would mix line ends. */
function readDataForEdit(root: string, hint: CommandHint): string {
  const text = readDataText(root, hint);
  const cr = text.indexOf('\r');
  if (cr >= 0) {
    const line = text.slice(0, cr).split('\n').length;
    throw new Problem(`${dataPath(root)}:${line}: carriage return (DOS line ending): refusing to edit a data file with CR line ends; remove them first (sed -i 's/\\r$//' ${dataPath(root)}), then check with ${hint('dataCheck')}`);
  }
  return text;
}

/** data.cdb's mtime in whole seconds: the serial of the last compile (compileData sets it). */
export function compiledSerial(root: string): number | undefined {
  const info = statSync(join(root, 'data.cdb'), { throwIfNoEntry: false });
  return info ? Math.floor(info.mtimeMs / 1000) : undefined;
}

/**
 * Run tinydns-data in ROOT (it writes data.tmp, then renames it to data.cdb), with data's mtime,
 * tinydns's default SOA serial, moved past the last compile's first (lib/tinydns/serial.ts);
 * `staged` hears the serial before tinydns-data starts. Returns the serial.
 */
export async function compileData(op: Operations, root: string, staged: (serial: number) => void = () => {}, given?: number): Promise<number> {
  const serial = given ?? await nextCompileSerial(root);
  staged(serial);
  await op.utimes(dataPath(root), serial);
  await op.run('tinydns-data', [], { cwd: root });
  await op.utimes(join(root, 'data.cdb'), serial);
  return serial;
}

/** The serial the next compile in ROOT gives (lib/tinydns/serial.ts). */
async function nextCompileSerial(root: string): Promise<number> {
  const { nextSerial } = await import('../../lib/tinydns/serial.js');
  return nextSerial(Date.now() / 1000, compiledSerial(root));
}

/** The push to the secondaries (publish.ts), started before the edit and finished after its compile. */
export interface Publication {
  /** Before the compile: send TEXT and its SERIAL (only its change from BEFORE where that is known), which the secondaries compile meanwhile. */
  stage(text: string, serial: number, before?: string): void;
  /** After the compile that gave SERIAL: commit on the secondaries, check them, report. */
  finish(serial: number): Promise<void>;
  /** Nothing was compiled: end the waiting sessions (no-op after finish). */
  cancel(): Promise<void>;
}

/**
 * Read-modify-write root/data under root/data.lock: `edit` gets the current text and returns
 * the new text (or undefined: nothing to do). The new file replaces the old one atomically and
 * is compiled; if tinydns-data refuses it, the previous bytes are written back and compiled
 * again. An edit also compiles a data left uncompiled (newer than data.cdb, e.g. by an edit
 * killed before its compile ended) and removes the data.tmp such a compile left, saying so
 * through `note`: afterwards data.cdb is compiled from data. `publish` is started before the
 * lock (its ssh sessions connect meanwhile) and finished after a compile, still under the lock,
 * with the new serial. True when the text changed.
 */
export async function changeData(
  op: Operations,
  root: string,
  edit: (text: string) => string | undefined,
  note: (text: string) => void = () => {},
  hint: CommandHint = bareHint,
  publish?: () => Promise<Publication>,
): Promise<boolean> {
  const path = dataPath(root);
  requireEditableData(root, hint);
  const publication = await publish?.();
  try {
    return await edited(op, root, path, edit, note, hint, publication);
  } finally {
    await publication?.cancel();
  }
}

async function edited(
  op: Operations,
  root: string,
  path: string,
  edit: (text: string) => string | undefined,
  note: (text: string) => void,
  hint: CommandHint,
  publication: Publication | undefined,
): Promise<boolean> {
  return op.withLock(lockPath(root), async () => {
    const before = readDataForEdit(root, hint);
    const after = edit(before);
    const changes = after !== undefined && after !== before;
    const stale = compiledState(root) !== 'compiled';
    const leftover = existsSync(compileLeftover(root));
    if (!changes && !stale && !leftover) return false;
    const mode = statSync(path).mode & 0o7777;
    let serial = 0;
    await op.protected(async () => {
      if (leftover) {
        note(`removing ${compileLeftover(root)}, left by an interrupted tinydns-data`);
        await op.unlink(compileLeftover(root));
      }
      if (stale) note(`${path} was newer than data.cdb (the last change was not compiled): compiling it now`);
      // the secondaries get the new text before it is written here (fsync and all), so that their compiles start first
      const next = await nextCompileSerial(root);
      publication?.stage(changes ? after : before, next, before);
      if (changes) await op.writeFile(path, after, mode);
      try {
        serial = await compileData(op, root, () => {}, next);
      } catch (error) {
        await op.unlink(compileLeftover(root)); // what the failed tinydns-data left
        if (!changes) throw error;
        await op.writeFile(path, before, mode);
        await compileData(op, root).catch(() => op.unlink(compileLeftover(root))); // data.cdb from data again, if it compiles
        throw new Problem(`tinydns-data refused the changed data, so ${path} is back as it was: ${(error as Error).message}`);
      }
    });
    await publication?.finish(serial);
    return changes;
  });
}
