// Node's built-in modules that only some commands need, loaded on first use: in the CommonJS
// bundles a top-level import is a require at start-up, and node:child_process (with node:stream
// and node:net behind it) costs every start, `-i examples` included, a few milliseconds.
import type * as ChildProcessModule from 'node:child_process';
import type * as CryptoModule from 'node:crypto';

let loaded: typeof ChildProcessModule | undefined;

/** node:child_process, loaded synchronously the first time a program is run. */
export function childProcesses(): typeof ChildProcessModule {
  loaded ??= process.getBuiltinModule('node:child_process') as typeof ChildProcessModule;
  return loaded;
}

let crypto: typeof CryptoModule | undefined;

/** node:crypto (random names, hashes), loaded the first time a file is written: it is a big one. */
export function cryptoModule(): typeof CryptoModule {
  crypto ??= process.getBuiltinModule('node:crypto') as typeof CryptoModule;
  return crypto;
}
