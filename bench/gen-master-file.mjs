#!/usr/bin/env node
// Writes an RFC 1035 master file of N records (default 100,000) for ZONE (default
// bench.example): an SOA and NS, then a mix of A, AAAA, MX, CNAME and TXT the way a large
// zone looks, relative names and $TTL, as BIND, NSD and Knot read them.
// Usage: node bench/gen-master-file.mjs PATH [RECORDS] [ZONE]
import { writeFileSync } from 'node:fs';

const [path, countArg, zoneArg] = process.argv.slice(2);
if (!path) {
  process.stderr.write('usage: gen-master-file.mjs PATH [RECORDS] [ZONE]\n');
  process.exit(2);
}
const total = Number(countArg ?? 100_000);
const zone = zoneArg ?? 'bench.example';
const lines = [
  '$TTL 3600',
  `$ORIGIN ${zone}.`,
  `@ IN SOA ns1.${zone}. hostmaster.${zone}. 2026120101 16384 2048 1048576 2560`,
  '@ IN NS ns1',
  'ns1 IN A 192.0.2.53',
];
const ip = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
for (let i = 0; lines.length - 3 < total; i++) {
  switch (i % 10) {
    case 0: case 1: case 2: case 3: case 4:
      lines.push(`host${i} IN A ${ip(i)}`);
      break;
    case 5:
      lines.push(`host${i} 300 IN AAAA 2001:db8::${(i & 0xffff).toString(16)}`);
      break;
    case 6:
      lines.push(`mail${i} IN MX 10 host${i - 6}`);
      break;
    case 7:
      lines.push(`www${i} IN CNAME host${i - 7}`);
      break;
    default:
      lines.push(`txt${i} IN TXT "v=spf1 ip4:${ip(i)} -all" "record ${i}"`);
  }
}
writeFileSync(path, lines.join('\n') + '\n');
