// iim-tinydns query: ask the compiled data.cdb with tinydns-get.
import { commandLineFor, problem, type CommandContext } from '../../framework/index.js';
import { requireData, rootOf } from './data-file.js';

/** Type names tinydns-get's parsetype knows, plus srv (which it takes only as 33). */
const QUERY_TYPES: Record<string, string> = {
  a: 'a', ns: 'ns', cname: 'cname', soa: 'soa', ptr: 'ptr', hinfo: 'hinfo', mx: 'mx', txt: 'txt',
  rp: 'rp', sig: 'sig', key: 'key', aaaa: 'aaaa', axfr: 'axfr', any: 'any', srv: '33',
};

export async function query(context: CommandContext): Promise<void> {
  const { args: [type, nameArgument], params, op, out } = context;
  const { parseDomainName, parseNumber } = await import('../../lib/names.js');
  const lower = type.toLowerCase();
  const queryType = Object.hasOwn(QUERY_TYPES, lower) ? QUERY_TYPES[lower] : String(parseNumber(type, 'query type', 65535));
  const name = parseDomainName(nameArgument);
  requireData(rootOf(params), commandLineFor(context));
  const answer = await op.run('tinydns-get', [queryType, name], { cwd: rootOf(params) });
  if (!answer.ran) return;
  out.write(answer.stdout);
  const { emptyAnswerComplaint, readPrintedPacket } = await import('../../lib/printed-packet.js');
  if (!readPrintedPacket(answer.stdout)) problem('no answer for %s: no zone in %s/data covers it (tinydns answers only for its ns zones)', name, rootOf(params));
  const complaint = emptyAnswerComplaint(answer.stdout, lower === '33' ? 'srv' : lower, name);
  if (complaint) problem('%s', complaint);
}
