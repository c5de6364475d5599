// Bundle each bin with the modules it loads at start-up into one file (plus lazily loaded
// chunks): Node 20 pays about a millisecond per ES module, so a bundle starts faster.
// zx, chalk and enquirer stay external: they are imported only by the commands that use them.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(root, 'dist', 'bin');

// Keep `import.meta.url` meaning the module's own source file (for visit and packageRoot),
// expressed relative to the bundle so the checkout can move.
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(builder) {
    builder.onLoad({ filter: /\/(framework|scripts)\/.*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const fromBundle = relative(outdir, args.path);
      return {
        contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`),
        loader: 'ts',
      };
    });
  },
};

await build({
  entryPoints: ['iim', 'iim-daemontools', 'iim-tinydns', 'iim-dnscache'].map((name) => join(root, 'bin', `${name}.ts`)),
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['zx', 'zx/*', 'chalk', 'enquirer'],
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [keepModuleUrls],
  logLevel: 'warning',
});
