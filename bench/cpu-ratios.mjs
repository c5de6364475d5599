// Print each hyperfine command's mean CPU time (user + system, its children included) and its
// ratio to the first command's: on a machine loaded by others, the figure wall time blurs least.
import { readFileSync } from 'node:fs';

const { results } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const cpu = (result) => result.user + result.system;
const base = cpu(results[0]);
console.log('| command | mean CPU, user + system (ms) | ratio to first |');
console.log('|---|---:|---:|');
for (const result of results) {
  console.log(`| \`${result.command}\` | ${(cpu(result) * 1000).toFixed(1)} | ${(cpu(result) / base).toFixed(2)}x |`);
}
