#!/usr/bin/env node
// listLine (recordList's per-line work) of two builds side by side in one process, per line
// kind, alternating A B A B so that the machine's load hits both alike: medians of RUNS passes
// over up to 5,000 lines of each kind of a generated data file.
// Usage: node bench/tinydns-list-line.mjs BASE_DIST NEW_DIST [RUNS]   (data from bench/gen-tinydns-data.mjs)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const [baseDist, newDist, runsText = '15'] = process.argv.slice(2);
if (!baseDist || !newDist) {
  process.stderr.write('usage: tinydns-list-line.mjs BASE_DIST NEW_DIST [RUNS]\n');
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'iim-bench-list-line-'));
try {
  spawnSync('node', [new URL('gen-tinydns-data.mjs', import.meta.url).pathname, join(work, 'data'), '100000'], { stdio: 'inherit' });
  const text = readFileSync(join(work, 'data'), 'utf8').split('\n');
  const a = await import(join(baseDist, 'lib/tinydns/record-words.js'));
  const b = await import(join(newDist, 'lib/tinydns/record-words.js'));
  const median = (v) => [...v].sort((x, y) => x - y)[v.length >> 1];
  console.log(`| lead | lines | base (ms) | new (ms) | ratio |`);
  console.log('|---|---:|---:|---:|---:|');
  for (const lead of ['=', "'", '+', 'C', '.', '@', 'Z']) {
    const lines = text.filter((l) => l[0] === lead).slice(0, 5000);
    const pass = (f) => { const s = process.hrtime.bigint(); for (const l of lines) f(l); return Number(process.hrtime.bigint() - s) / 1e6; };
    const ta = [], tb = [];
    for (let i = 0; i < Number(runsText); i++) { ta.push(pass(a.listLine)); tb.push(pass(b.listLine)); }
    console.log(`| \`${lead}\` | ${lines.length} | ${median(ta).toFixed(1)} | ${median(tb).toFixed(1)} | ${(median(tb) / median(ta)).toFixed(2)}x |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
