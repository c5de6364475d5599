// axfrdns's tcp rules (the tcprules source beside its run file): one `IP:allow,AXFR="z1/z2"`
// line per secondary allowed to transfer, before the final `:deny`. axfrdns refuses a zone
// not in $AXFR (and without $AXFR allows every zone): so every allow line here names its zones.
import { InvalidInput, quote } from '../invalid-input.js';
import { parseDomainName, parseIPv4 } from '../names.js';

export interface AxfrRule {
  ip: string;
  zones: string[];
}

const RULE = /^([0-9.]+):allow,AXFR="([^"]*)"$/;

/** The allow lines of a tcp file (others, comments and `:deny` included, are not rules of ours). */
export function readAxfrRules(text: string): AxfrRule[] {
  return text.split('\n').flatMap((line) => {
    const match = RULE.exec(line.trim());
    return match ? [{ ip: match[1], zones: match[2].split('/').filter(Boolean) }] : [];
  });
}

export function parseAxfrZones(values: readonly string[]): string[] {
  const zones = values.map((value) => parseDomainName(value, 'zone'));
  for (const zone of zones) {
    if (zone.includes('*')) throw new InvalidInput(`bad zone ${quote(zone)}: a wildcard is not a zone`);
  }
  return [...new Set(zones)];
}

/** The tcp text with IP allowed ZONES (added to those it had), or with IP's line removed (zones undefined). */
export function editAxfrRules(text: string, ipValue: string, zones: readonly string[] | undefined): string {
  const ip = parseIPv4(ipValue);
  const lines = text.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1);
  const at = lines.findIndex((line) => RULE.exec(line.trim())?.[1] === ip);
  const had = at >= 0 ? readAxfrRules(lines[at])[0].zones : [];
  if (at >= 0) lines.splice(at, 1);
  if (zones) {
    const rule = `${ip}:allow,AXFR="${[...new Set([...had, ...zones])].join('/')}"`;
    const deny = lines.findIndex((line) => line.trim().startsWith(':'));
    lines.splice(deny >= 0 ? deny : lines.length, 0, rule);
  }
  if (!lines.some((line) => line.trim() === ':deny')) lines.push(':deny');
  return lines.join('\n') + '\n';
}
