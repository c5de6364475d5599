#!/usr/bin/env node
// One writer of bench/crash-race.mjs: EDITS locked changes of DIR/root/data, each one line
// added and compiled by tinydns-data, through the same operation layer and data-file code
// that iim-tinydns recordAdd runs. Usage: node bench/crash-race-worker.mjs DIR WRITER EDITS
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = join(fileURLToPath(new URL('..', import.meta.url)), 'dist');
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { Operations } = await load('framework/operations.js');
const { changeData } = await load('scripts/tinydns/data-file.js');
const { appendLine } = await load('lib/tinydns/data-text.js');

const [dir, writer, edits] = process.argv.slice(2);
const quiet = { before() {}, after() {} };
const op = new Operations('runOnly', quiet, false);
for (let e = 0; e < Number(edits); e++) {
  const line = `+e${e}.w${writer}.race.test:10.8.${writer}.${e % 250}:86400`;
  await changeData(op, join(dir, 'root'), (text) => appendLine(text, line));
}
