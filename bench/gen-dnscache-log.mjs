#!/usr/bin/env node
// Write a realistic multilog-stamped dnscache log: node bench/gen-dnscache-log.mjs [LINES] [FILE] [NAMES]
// (NAMES: how many distinct query names, 8000 by default)
// Mostly query lines from a skewed mix of clients, types and names, plus the sent, cached,
// tx, rr, stats, nxdomain, servfail, drop and lame lines a busy cache writes. Deterministic.

import { createWriteStream } from 'node:fs';

const total = Number(process.argv[2] ?? 1_000_000);
const out = process.argv[3] ? createWriteStream(process.argv[3]) : process.stdout;

let seed = 42;
const random = () => { // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const skewed = (n) => Math.floor(n * random() ** 3); // a few very busy, many rare
const hex2 = (n) => n.toString(16).padStart(2, '0');
const hex4 = (n) => n.toString(16).padStart(4, '0');

const clients = Array.from({ length: 300 }, (_, i) =>
  i === 0 ? '7f000001' : `0a${hex2((i >> 8) + 1)}${hex2(i & 255)}${hex2(1 + (i * 7) % 250)}`);
const words = ['www', 'mail', 'api', 'cdn', 'static', 'login', 'db', 'ns1', 'img', 'git', 'vpn', 'smtp'];
const zones = ['example.com', 'example.net', 'corp.test', 'example.org', 'shop.test', 'news.test', 'video.test'];
const names = Array.from({ length: Number(process.argv[4] ?? 8000) }, (_, i) =>
  `${words[i % words.length]}${i < 8000 ? i % 97 : i}.${i % 5 ? '' : 'eu.'}${zones[i % zones.length]}.`);
const types = [[1, 0.55], [28, 0.25], [15, 0.05], [12, 0.06], [16, 0.03], [33, 0.02], [2, 0.015], [6, 0.01], [255, 0.015]];
const pickType = () => {
  let r = random();
  for (const [t, p] of types) if ((r -= p) < 0) return t;
  return 1;
};
const servers = ['c0000201', 'c0000202', 'c6336401', 'cb007101'];

let second = 0x65000000;
let nano = 0;
let serial = 0;
let written = 0;
let chunk = '';

function line(text) {
  nano += 1 + Math.floor(random() * 4_000_000);
  if (nano >= 1e9) {
    nano -= 1e9;
    second++;
  }
  chunk += `@40000000${second.toString(16)}${nano.toString(16).padStart(8, '0')} ${text}\n`;
  written++;
}

function flush(done) {
  const ok = out.write(chunk);
  chunk = '';
  if (done) out.end?.();
  return ok;
}

async function main() {
  line('starting');
  while (written < total) {
    const name = names[skewed(names.length)];
    const type = pickType();
    serial++;
    line(`query ${serial} ${clients[skewed(clients.length)]}:${hex4(Math.floor(random() * 65536))}:${hex4(Math.floor(random() * 65536))} ${type} ${name}`);
    const r = random();
    if (r < 0.1) {
      line(`cached ${type} ${name}`);
      line(`sent ${serial} ${40 + Math.floor(random() * 200)}`);
    } else if (r < 0.16) {
      const server = servers[Math.floor(random() * servers.length)];
      line(`tx 0 ${type} ${name} ${name.slice(name.indexOf('.') + 1)} ${server}`);
      line(`rr ${server} 86400 1 ${name} 0a${hex2(serial & 255)}${hex2((serial >> 8) & 255)}01`);
      line(`sent ${serial} ${40 + Math.floor(random() * 200)}`);
    } else if (r < 0.17) {
      line(`nxdomain ${servers[0]} 2560 ${name}`);
    } else if (r < 0.172) {
      line(`servfail ${name} input/output error`);
    } else if (r < 0.173) {
      line(`drop ${serial} timed out`);
    } else if (r < 0.1735) {
      line(`lame ${servers[1]} ${name} ${name}`);
    }
    if (serial % 97 === 0) line(`stats ${serial} ${serial * 37} ${1 + (serial % 7)} ${serial % 3}`);
    if (chunk.length > 1 << 20 && !flush(false)) await new Promise((r) => out.once('drain', r));
  }
  flush(true);
}

main();
