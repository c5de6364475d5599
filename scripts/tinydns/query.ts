// iim-tinydns query: ask the compiled data.cdb with tinydns-get.
import type { CommandContext } from '../../framework/index.js';
import { rootOf } from './data-file.js';

/** Type names tinydns-get's parsetype knows, plus srv (which it takes only as 33). */
const QUERY_TYPES: Record<string, string> = {
  a: 'a', ns: 'ns', cname: 'cname', soa: 'soa', ptr: 'ptr', hinfo: 'hinfo', mx: 'mx', txt: 'txt',
  rp: 'rp', sig: 'sig', key: 'key', aaaa: 'aaaa', axfr: 'axfr', any: 'any', srv: '33',
};

export async function query({ args: [type, name], params, op, out }: CommandContext): Promise<void> {
  const { parseDomainName, parseNumber } = await import('../../lib/names.js');
  const lower = type.toLowerCase();
  const queryType = Object.hasOwn(QUERY_TYPES, lower) ? QUERY_TYPES[lower] : String(parseNumber(type, 'query type', 65535));
  const answer = await op.run('tinydns-get', [queryType, parseDomainName(name)], { cwd: rootOf(params) });
  if (answer.ran) out.write(answer.stdout);
}
