// iim-dnscache's query and logStats: ask through this cache, summarise what its log says it was asked.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandContext } from '../../framework/declaration.js';
import { problem } from '../../framework/problems.js';
import { commandLineFor } from '../../framework/command-line.js';
import { cacheDirOf, cacheIpOf, cacheOf, refuseTinydnsDir } from './cache-dir.js';
import { validateIPv4 } from '../../lib/dnscache/prefix.js';
import { parseDomainName } from '../../lib/names.js';
import { queryTypeNumber } from '../../lib/dnscache/query-types.js';

export async function query(context: CommandContext): Promise<void> {
  const { args: [nameArgument, typeArgument], op, out } = context;
  let program: string;
  let args: string[];
  if (typeArgument === undefined && /^[0-9.]+$/.test(nameArgument)) {
    [program, args] = ['dnsname', [validateIPv4(nameArgument)]];
  } else {
    const name = parseDomainName(nameArgument);
    const type = typeArgument === undefined ? 1 : queryTypeNumber(typeArgument);
    if (type === undefined) problem('bad query type "%s": expected a, aaaa, mx, ns, ptr, txt, soa, cname, srv, any or a number 0-65535', typeArgument);
    [program, args] = type === 1 ? ['dnsip', [name]] : ['dnsqr', [String(type), name]];
  }
  const env = { DNSCACHEIP: cacheIpOf(cacheOf(context), commandLineFor(context)) };
  const answer = await op.run(program, args, { env });
  if (!answer.ran) return;
  out.write(answer.stdout);
  if (program === 'dnsqr') {
    const { emptyAnswerComplaint } = await import('../../lib/printed-packet.js');
    const complaint = emptyAnswerComplaint(answer.stdout, typeArgument ?? 'a', args[1]);
    if (complaint) problem('%s', complaint);
  } else if (answer.stdout.trim() === '') {
    if (program === 'dnsname') problem('no PTR record for %s', args[0]);
    // dnsip prints an empty line both for a name that does not exist and for one without an A record: ask which.
    const why = await op.run('dnsqr', ['1', args[0]], { env });
    const { emptyAnswerComplaint } = await import('../../lib/printed-packet.js');
    problem('%s', emptyAnswerComplaint(why.stdout, 'a', args[0]) ?? `no A record for ${args[0]}`);
  }
}

export async function logStats(context: CommandContext): Promise<void> {
  const { args: [linesArgument], params, out } = context;
  // The summariser is the heaviest module here: query does not pay for it.
  const { summariseLog, summariseLogFiles, renderSummaryText, summaryToJson } = await import('../../lib/dnscache/log-stats.js');
  if (linesArgument !== undefined && !/^[1-9][0-9]*$/.test(linesArgument)) {
    problem('bad LINES "%s": expected a positive number of lines like 10000', linesArgument);
  }
  refuseTinydnsDir(cacheDirOf(params.dir));
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
