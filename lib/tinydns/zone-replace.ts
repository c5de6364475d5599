// A zone's own lines in a data text, for moving a zone in: the lines whose name is ZONE or
// below it, except below another zone served here ("." and "Z" lines); other zones' lines,
// "%" locations, comments and lines tinydns-data ignores stay as they are.
import { lineName } from './cname-conflicts.js';
import { listZones, zoneFinder } from './record-decode.js';

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
  const zoneOf = zoneFinder([...listZones(text), zone]);
  let kept: Set<string> | undefined;
  const lines = text.split('\n');
  const staying: string[] = [];
  const removed: string[] = [];
  for (const line of lines) {
    const name = lineName(line);
    if (name !== undefined && zoneOf(name) === zone && !(kept ??= new Set(keep)).has(line)) removed.push(line);
    else staying.push(line);
  }
  return { text: removed.length ? staying.join('\n') : text, removed };
}
