// Bundle each bin into one CommonJS file: Node 20 pays about a millisecond per ES module it
// loads, and V8 compiles a function only when it first runs, so unused commands cost little.
// zx, chalk and enquirer stay external: they are imported only by the commands that use them.
import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(root, 'dist', 'bin');

// Keep `import.meta.url` meaning the module's own source file (for visit and packageRoot),
// expressed relative to the bundle so the checkout can move.
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(builder) {
    builder.onLoad({ filter: /\/(framework|lib|scripts)\/.*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const fromBundle = relative(outdir, args.path);
      return {
        contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`),
        loader: 'ts',
      };
    });
  },
};

for (const name of ['iim', 'iim-daemontools', 'iim-tinydns', 'iim-dnscache']) await build({
  entryPoints: [join(root, 'bin', `${name}.ts`)],
  outdir,
  bundle: true,
  splitting: false,
  // Maps let -v name the source line an action came from (enabled only then: framework/operations.ts).
  sourcemap: true,
  sourcesContent: false,
  // CommonJS: Node 20 starts a CommonJS program about 8 ms sooner than an ES module
  // (dist/bin/package.json says so); zx, chalk and enquirer are still loaded with import().
  format: 'cjs',
  define: { 'import.meta.url': 'bundleUrl' },
  banner: { js: "const bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  platform: 'node',
  target: 'node20',
  external: ['zx', 'zx/*', 'chalk', 'enquirer'],
  plugins: [keepModuleUrls],
  logLevel: 'warning',
});

await writeFile(join(outdir, 'package.json'), '{ "type": "commonjs" }\n');
