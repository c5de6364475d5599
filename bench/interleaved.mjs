// Time commands in alternation (A B C A B C ...) so that drift in the machine's load hits
// each command alike; print each one's median wall time and its ratio to the first.
// Usage: node bench/interleaved.mjs RUNS 'command one' 'command two' ...  (words split on spaces)
import { spawnSync } from 'node:child_process';

const [runsText, ...commands] = process.argv.slice(2);
const runs = Number(runsText);
const argvs = commands.map((command) => command.split(' ').filter(Boolean));
const times = commands.map(() => []);
const once = ([program, ...args]) => {
  const start = process.hrtime.bigint();
  const result = spawnSync(program, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`${program} ${args.join(' ')}: exit ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
};
for (const argv of argvs) once(argv); // warm the page cache
for (let run = 0; run < runs; run++) argvs.forEach((argv, i) => times[i].push(once(argv)));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const base = median(times[0]);
console.log(`| command (${runs} interleaved runs) | median (ms) | ratio to first |`);
console.log('|---|---:|---:|');
commands.forEach((command, i) => {
  const value = median(times[i]);
  console.log(`| \`${command}\` | ${value.toFixed(1)} | ${(value / base).toFixed(2)}x |`);
});
