// Print each hyperfine command's median and its ratio to the first command's median.
import { readFileSync } from 'node:fs';

const { results } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const base = results[0].median;
console.log('| command | median (ms) | ratio to first |');
console.log('|---|---:|---:|');
for (const result of results) {
  console.log(`| \`${result.command}\` | ${(result.median * 1000).toFixed(1)} | ${(result.median / base).toFixed(2)}x |`);
}
