#!/usr/bin/env node
// Writes a realistic tinydns data file of N lines (default 1,000,000) to PATH,
// mixing every common line kind the way a large hosting zone set looks.
// Usage: node bench/gen-tinydns-data.mjs PATH [LINES]
import { writeFileSync } from 'node:fs';

const [path, countArg] = process.argv.slice(2);
if (!path) {
  process.stderr.write('usage: gen-tinydns-data.mjs PATH [LINES]\n');
  process.exit(2);
}
const total = Number(countArg ?? 1_000_000);

let seed = 42;
const random = (n) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const ip = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const aaaaRdata = (i) =>
  '\\040\\001\\015\\270' + '\\000'.repeat(10) + `\\${((i >> 8) & 255).toString(8).padStart(3, '0')}\\${(i & 255).toString(8).padStart(3, '0')}`;

const lines = [];
let zone = 0;
let n = 0;
while (lines.length < total) {
  const z = `zone${zone}.example.com`;
  lines.push(`# zone ${z}`);
  lines.push(`Z${z}:ns1.${z}:hostmaster.${z}:2024010101:16384:2048:1048576:2560:2560`);
  lines.push(`.${z}:${ip(zone)}:a:259200`);
  lines.push(`.${z}:${ip(zone + 1)}:b:259200`);
  lines.push(`@${z}:${ip(zone + 2)}:a:10:86400`);
  lines.push(`'${z}:v=spf1 ip4\\07210.0.0.0/8 -all:3600`);
  for (let h = 0; h < 40 && lines.length < total; h++, n++) {
    const host = `host${h}.${z}`;
    switch (random(10)) {
      case 0: case 1: case 2: case 3:
        lines.push(`=${host}:${ip(n)}:86400`); break;
      case 4: case 5:
        lines.push(`+${host}:${ip(n)}:300`); break;
      case 6:
        lines.push(`Cwww${h}.${z}:${host}:3600`); break;
      case 7:
        lines.push(`:${host}:28:${aaaaRdata(n)}:86400`); break;
      case 8:
        lines.push(`'${host}:token=${n} with text:3600`); break;
      default:
        lines.push(`^${n & 255}.${(n >> 8) & 255}.10.in-addr.arpa:${host}:86400`);
    }
  }
  zone++;
}
lines.length = total;
writeFileSync(path, lines.join('\n') + '\n');
