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
 * not in KEEP; the kept ones stay where they are, so importing the same zone twice changes nothing.
 */
export function withoutZoneLines(text: string, zone: string, keep: ReadonlySet<string>): ZoneLinesOutcome {
  const zoneOf = zoneFinder([...listZones(text), zone]);
  const lines = text.split('\n');
  const kept: string[] = [];
  const removed: string[] = [];
  for (const line of lines) {
    const name = keep.has(line) ? undefined : lineName(line);
    if (name !== undefined && zoneOf(name) === zone) removed.push(line);
    else kept.push(line);
  }
  return { text: removed.length ? kept.join('\n') : text, removed };
}
