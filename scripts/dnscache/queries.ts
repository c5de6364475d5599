// iim-dnscache's query and logStats: ask through this cache, summarise what its log says it was asked.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandContext } from '../../framework/declaration.js';
import { problem } from '../../framework/problems.js';
import { cacheDirOf, cacheIpOf } from './cache-dir.js';
import { validateIPv4, validateServersDomain } from '../../lib/dnscache/prefix.js';
import { queryTypeNumber } from '../../lib/dnscache/query-types.js';

export async function query({ args: [nameArgument, typeArgument], params, op, out }: CommandContext): Promise<void> {
  const env = { DNSCACHEIP: cacheIpOf(cacheDirOf(params.dir)) };
  let program: string;
  let args: string[];
  if (typeArgument === undefined && /^[0-9.]+$/.test(nameArgument)) {
    [program, args] = ['dnsname', [validateIPv4(nameArgument)]];
  } else {
    const name = nameArgument.replace(/\.$/, '').toLowerCase();
    if (name === '@') problem('bad name "@": expected a domain name like www.example.test');
    try {
      validateServersDomain(name);
    } catch (error) {
      problem('%s', (error as Error).message.replace(/ or @ for the roots$/, ''));
    }
    const type = typeArgument === undefined ? 1 : queryTypeNumber(typeArgument);
    if (type === undefined) problem('bad query type "%s": expected a, aaaa, mx, ns, ptr, txt, soa, cname, srv, any or a number 0-65535', typeArgument);
    [program, args] = type === 1 ? ['dnsip', [name]] : ['dnsqr', [String(type), name]];
  }
  const answer = await op.run(program, args, { env });
  if (answer.ran) out.write(answer.stdout);
}

export async function logStats({ args: [linesArgument], params, out }: CommandContext): Promise<void> {
  // The summariser is the heaviest module here: query does not pay for it.
  const { summariseLog, summariseLogFiles, renderSummaryText, summaryToJson } = await import('../../lib/dnscache/log-stats.js');
  if (linesArgument !== undefined && !/^[1-9][0-9]*$/.test(linesArgument)) {
    problem('bad LINES "%s": expected a positive number of lines like 10000', linesArgument);
  }
  // multilog's directory (log/run: multilog t ./main): current, and with logs=all the rotated files before it.
  const logDir = join(resolve(params.dir), 'log', 'main');
  const current = join(logDir, 'current');
  if (!existsSync(current)) problem('no log %s (multilog writes it once the cache has started)', current);
  const { readLastLinesOf, rotatedLogs } = await import('../../lib/dnscache/log-tail.js');
  const files = params.logs === 'all' ? [...rotatedLogs(logDir), current] : [current];
  let since: string | undefined;
  if (params.since !== '') {
    const { parseSince } = await import('../../lib/dnscache/since.js');
    const { formatLocal, formatTai64n } = await import('../../lib/daemontools/tai64n.js');
    const from = parseSince(params.since) as Date; // checked with the parameters
    since = formatTai64n(from);
    out.note(`lines stamped from ${formatLocal(from)} on`);
  }
  let summary;
  if (linesArgument === undefined) summary = summariseLogFiles(files, 10, since);
  else {
    const { firstLineInBuffer } = await import('../../lib/dnscache/stamp-search.js');
    const tail = readLastLinesOf(files, Number(linesArgument));
    summary = summariseLog(since === undefined ? tail : tail.subarray(firstLineInBuffer(tail, since)));
  }
  if (params.format === 'json') out.json(summaryToJson(summary));
  else out.write(renderSummaryText(summary));
}
