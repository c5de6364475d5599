// A zone's own lines in a data text, for moving a zone in: the lines whose name is ZONE or
// below it, except below another zone served here ("." and "Z" lines); other zones' lines,
// "%" locations, comments and lines tinydns-data ignores stay as they are.
import { lineName } from './cname-conflicts.js';
import { zoneFinder } from './record-decode.js';

export interface ZoneLinesOutcome {
  /** TEXT without the zone's lines that are not kept. */
  text: string;
  /** The zone's lines that went, in order. */
  removed: string[];
}

/**
 * TEXT without the lines of ZONE (bare, lowercased: "example.test", "" for the root) that are
 * not among KEEP; the kept ones stay where they are, so importing the same zone twice changes nothing.
 */
export function withoutZoneLines(text: string, zone: string, keep: readonly string[]): ZoneLinesOutcome {
  if (text === '') return { text, removed: [] };
  const lines = text.split('\n');
  const names = lines.map(lineName);
  const suffix = '.' + zone;
  const within = (name: string) => zone === '' || name === zone || name.endsWith(suffix);
  // Zones served below ZONE keep their lines; without any, being below ZONE is enough.
  const deeper = new Set<string>();
  lines.forEach((line, i) => {
    const name = names[i];
    if ((line[0] === '.' || line[0] === 'Z') && name !== undefined && name !== zone && within(name)) deeper.add(name);
  });
  const zoneOf = deeper.size ? zoneFinder([...deeper, zone]) : undefined;
  let kept: Set<string> | undefined;
  const staying: string[] = [];
  const removed: string[] = [];
  lines.forEach((line, i) => {
    const name = names[i];
    const ours = name !== undefined && within(name) && (!zoneOf || zoneOf(name) === zone);
    if (ours && !(kept ??= new Set(keep)).has(line)) removed.push(line);
    else staying.push(line);
  });
  return { text: removed.length ? staying.join('\n') : text, removed };
}
