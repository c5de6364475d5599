// axfr-get's output as data lines our checks know: Debian's axfr-get writes SRV as an
// "S" line (name::target:priority:weight:port:ttl), which becomes the generic type 33 line.
import { escapeBytes, unescapeText } from './escape.js';
import { nameWire, parseName } from './master-names.js';

export function axfrGetLine(line: string): string {
  if (!line.startsWith('S')) return line;
  const [name, , target, priority, weight, port, ttl] = line.slice(1).split(':');
  const numbers = [priority, weight, port].map((n) => {
    if (!/^[0-9]+$/.test(n ?? '') || Number(n) > 65535) throw new Error(`bad S line from axfr-get: ${line}`);
    return Number(n);
  });
  const wire = nameWire(parseName(unescapeText(target).replace(/\.?$/, '.'), undefined));
  const rdata = Buffer.concat([Buffer.from(numbers.flatMap((n) => [n >> 8, n & 255])), wire]);
  return `:${name}:33:${escapeBytes(rdata)}:${ttl}`;
}
