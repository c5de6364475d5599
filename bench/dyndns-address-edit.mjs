#!/usr/bin/env node
// One dyndns batch edit (200 updates: 100 existing names changed, 100 new) of a tinydns data
// file, RUNS times in one process, through the applyAddressUpdates of MODULE; for
// bench/interleaved.mjs to compare two builds of lib/dyndns/address-edit.js beside tinydns-data.
// Usage: node bench/dyndns-address-edit.mjs MODULE DATA [RUNS]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [module, data, runsText] = process.argv.slice(2);
if (!module || !data) {
  process.stderr.write('usage: dyndns-address-edit.mjs MODULE DATA [RUNS]\n');
  process.exit(2);
}
const { applyAddressUpdates } = await import(pathToFileURL(resolve(module)).href);
const text = readFileSync(data, 'utf8');
const updates = Array.from({ length: 200 }, (_, i) => ({ name: i < 100 ? `dyn${i}.dyn.test` : `new${i}.dyn.test`, family: 'v4', ip: `192.0.2.${i % 250 + 1}` }));
for (let run = 0; run < Number(runsText ?? 5); run++) {
  const edit = applyAddressUpdates(text, updates, 60);
  if (edit.text === undefined) throw new Error('nothing changed');
}
