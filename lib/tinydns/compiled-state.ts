// Whether data.cdb was compiled from the data beside it: tinydns-data reads data, writes
// data.tmp and renames it to data.cdb, so a data.cdb older than data missed a change
// (an edit killed between its write and its compile, or a hand edit never compiled).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { bareHint, type CommandHint } from '../command-hint.js';

export type CompiledState = 'compiled' | 'stale' | 'missing';

const mtime = (path: string) => {
  try {
    return statSync(path, { bigint: true }).mtimeNs;
  } catch {
    return undefined;
  }
};

/**
 * compiled: data.cdb is at least as new as data; stale: data is newer; missing: no data.cdb.
 * Our compiles give data and data.cdb the same whole-second mtime, the SOA serial, which can be
 * a few seconds ahead of the clock (lib/tinydns/serial.ts): then any other mtime of data means
 * data changed since, even one older than data.cdb's.
 */
export function compiledState(root: string): CompiledState {
  const cdb = mtime(join(root, 'data.cdb'));
  if (cdb === undefined) return 'missing';
  const data = mtime(join(root, 'data'));
  if (data === undefined) return 'compiled';
  const ours = cdb % 1_000_000_000n === 0n;
  return data > cdb || (ours && data !== cdb) ? 'stale' : 'compiled';
}

/** The sentence that says so, or undefined when they agree. */
export function compiledStateProblem(root: string, hint: CommandHint = bareHint): string | undefined {
  const state = compiledState(root);
  if (state === 'stale') return `${join(root, 'data')} is newer than data.cdb: the last change was not compiled; run ${hint('dataCompile')}`;
  if (state === 'missing') return `${join(root, 'data.cdb')} is missing: nothing is served; run ${hint('dataCompile')}`;
  return undefined;
}
