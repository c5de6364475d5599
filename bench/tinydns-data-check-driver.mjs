#!/usr/bin/env node
// Checks a tinydns data file with the compiled checker; prints diagnostics like a compiler.
// Usage: node bench/tinydns-data-check-driver.mjs FILE   (DIST=dir overrides dist/)
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const dist = process.env.DIST ?? new URL('../dist', import.meta.url).pathname;
const { checkDataFile, formatDiagnostics, countErrors } = await import(
  pathToFileURL(resolve(dist, 'lib/tinydns/data-check.js')).href
);
const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: tinydns-data-check-driver.mjs FILE\n');
  process.exit(2);
}
const diagnostics = checkDataFile(file);
process.stderr.write(formatDiagnostics(diagnostics));
process.exitCode = countErrors(diagnostics) > 0 ? 1 : 0;
