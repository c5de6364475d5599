// The shape of the code, checked: no import circles anywhere, imports go one way
// (bins → scripts → lib → the framework's error path), and tests mirror the source.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const sourceFolders = ['bin', 'framework', 'lib', 'scripts'];

function filesUnder(folder: string, keep: (path: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (keep(path)) found.push(relative(root, path));
    }
  };
  if (existsSync(join(root, folder))) walk(join(root, folder));
  return found.sort();
}

/** Relative imports of a TypeScript file (static, re-exports, type-only and dynamic), as repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8').replace(/^\s*(\/\/|\*|\/\*).*$/gm, '');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.[^']+)'/g)].map((m) => m[1]);
  return specifiers.map((specifier) => relative(root, resolve(root, dirname(file), specifier)).replace(/\.js$/, '.ts'));
}

const sources = sourceFolders.flatMap((folder) => filesUnder(folder, (path) => path.endsWith('.ts') && !path.endsWith('.d.ts')));
const graph = new Map(sources.map((file) => [file, importsOf(file).filter((target) => target.endsWith('.ts'))]));

/** Every import circle, each as the list of files around it. */
function circles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === 'open') found.push([...stack.slice(stack.indexOf(target)), target]);
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('the layout', () => {
  it('has no import circles', () => {
    expect(circles().map((circle) => circle.join(' → '))).toEqual([]);
  });

  it('imports only files that exist', () => {
    const missing = [...graph].flatMap(([file, targets]) => targets.filter((t) => !existsSync(join(root, t))).map((t) => `${file} → ${t}`));
    expect(missing).toEqual([]);
  });

  it('keeps djb knowledge in lib/: it imports only lib/ and the framework error path', () => {
    const wrong = [...graph]
      .filter(([file]) => file.startsWith('lib/'))
      .flatMap(([file, targets]) =>
        targets.filter((t) => !t.startsWith('lib/') && t !== 'framework/problems.ts').map((t) => `${file} → ${t}`),
      );
    expect(wrong).toEqual([]);
  });

  it('keeps the framework free of scripts and djb knowledge', () => {
    const wrong = [...graph]
      .filter(([file]) => file.startsWith('framework/'))
      .flatMap(([file, targets]) => targets.filter((t) => !t.startsWith('framework/')).map((t) => `${file} → ${t}`));
    expect(wrong).toEqual([]);
  });

  it('lets no script reach into another script\'s folder of bodies', () => {
    const wrong = [...graph]
      .filter(([file]) => file.startsWith('scripts/'))
      .flatMap(([file, targets]) => {
        const own = file.split('/')[1].replace(/\.ts$/, '');
        return targets
          .filter((t) => t.startsWith('scripts/') && t.split('/').length > 2 && t.split('/')[1] !== own)
          .map((t) => `${file} → ${t}`);
      });
    expect(wrong).toEqual([]);
  });

  it('has a declaration scripts/NAME.ts for every folder of bodies scripts/NAME/', () => {
    const folders = readdirSync(join(root, 'scripts'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((name) => !existsSync(join(root, 'scripts', `${name}.ts`)))).toEqual([]);
  });

  it('mirrors the source in test/: test/PATH/NAME[.TOPIC].test.ts tests PATH/NAME', () => {
    const tests = filesUnder('test', (path) => path.endsWith('.test.ts')).filter((t) => dirname(t) !== 'test');
    const orphans = tests.filter((test) => {
      const [name] = test.slice('test/'.length).replace(/\.test\.ts$/, '').split('.');
      const base = join(root, name);
      return !['.ts', '.el', '.org', '.sh', '.mjs', '.md', ''].some((ext) => existsSync(base + ext) && (ext !== '' || statSync(base).isDirectory()));
    });
    expect(orphans).toEqual([]);
  });

  it('keeps helpers of tests in test/support/ and test/fixtures/', () => {
    const helpers = filesUnder('test', (path) => !path.endsWith('.test.ts') && !path.includes('/__snapshots__/'))
      .filter((path) => !/^test\/(support|fixtures)\//.test(path) && !/^test\/[^/]+\.(sh|json)$/.test(path));
    expect(helpers).toEqual([]);
  });
});
