// Where the package lives, and the source file behind a compiled module (for visit).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

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
