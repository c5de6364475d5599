#!/usr/bin/env node
// Driver for the benchmark: summarise a dnscache log with the compiled library and print
// the same totals line as bench/dnscache-log-stats.awk, then the text report.
// Usage: node bench/dnscache-log-stats.mjs FILE   (DIST=dir to use another build)
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.env.DIST ?? join(import.meta.dirname, '..', 'dist'));
const { summariseLogFile, renderSummaryText } = await import(
  pathToFileURL(join(dist, 'lib/dnscache/log-stats.js')).href
);
const s = summariseLogFile(process.argv[2]);
const st = s.stats;
console.log(
  `lines ${s.lines} queries ${s.queries} clients ${s.perClient.size} names ${s.names.size} types ${s.types.size} stats` +
    (st ? ` ${st.queries} ${st.cacheMotion} ${st.udpActive} ${st.tcpActive}` : ''),
);
process.stdout.write(renderSummaryText(s));
