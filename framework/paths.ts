// Where the package lives, its bins, and the source file behind a compiled module (for visit).
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { problem } from './problems.js';

let root: string | undefined;

/** The directory holding package.json (the same from dist/ and from sources under test). */
export function packageRoot(): string {
  if (root) return root;
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    directory = parent;
  }
  return (root = directory);
}

/** The TypeScript source of a module URL when it is compiled JavaScript under dist/. */
export function sourceFileOf(moduleUrl: string): string {
  const file = moduleUrl.startsWith('file:') ? fileURLToPath(moduleUrl) : moduleUrl;
  const top = packageRoot();
  const inside = relative(join(top, 'dist'), file);
  if (!inside.startsWith('..')) {
    const source = join(top, inside.replace(/\.js$/, '.ts'));
    if (existsSync(source)) return source;
  }
  return file;
}

export function panelsDirectory(): string {
  return join(packageRoot(), 'panels');
}

/** This installation's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Another bin of this package (NAME.js): beside the running one (dist/bin, also behind an npm link), else in the package's dist/bin. */
export function packageBin(name: string): string {
  const candidates: string[] = [];
  try {
    if (process.argv[1]) candidates.push(join(dirname(realpathSync(process.argv[1])), `${name}.js`));
  } catch {
    // argv[1] is not a file (a REPL, an eval)
  }
  candidates.push(join(packageRoot(), 'dist', 'bin', `${name}.js`));
  const found = candidates.find((path) => existsSync(path));
  if (!found) problem('%s not found at %s: build the package first (npm run build)', name, candidates.at(-1));
  return found;
}
