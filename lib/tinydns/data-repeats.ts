// Whole-file checks of a tinydns data file: repeated lines, and names that have a
// CNAME beside other records (tinydns serves both; resolvers then disagree).
import type { FieldReporter } from './data-fields.js';
import type { LineTable } from './line-table.js';

interface Reporter extends FieldReporter {
  line: number;
}

function sameBytes(b: Buffer, s1: number, e1: number, s2: number, e2: number): boolean {
  if (e1 - s1 !== e2 - s2) return false;
  for (let i = 0; i < e1 - s1; i++) if (b[s1 + i] !== b[s2 + i]) return false;
  return true;
}

export function findRepeats(b: Buffer, lines: LineTable, r: Reporter): void {
  findDuplicateLines(b, lines, r);
  findCnameClashes(b, lines, r);
}

function findDuplicateLines(b: Buffer, lines: LineTable, r: Reporter): void {
  let size = 1024;
  while (size < lines.count * 2) size <<= 1;
  const mask = size - 1;
  const table = new Int32Array(size);
  for (let li = 0; li < lines.count; li++) {
    const h = lines.hash[li];
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const entry = table[slot];
      if (entry === 0) {
        table[slot] = li + 1;
        break;
      }
      const other = entry - 1;
      if (lines.hash[other] === h && sameBytes(b, lines.start[other], lines.end[other], lines.start[li], lines.end[li])) {
        r.line = lines.line[li];
        r.warning(`duplicate of line ${lines.line[other]}`);
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
}

/** End of the first field (the name) of the line at start. */
function nameEnd(b: Buffer, start: number, end: number): number {
  let i = start + 1;
  while (i < end && b[i] !== 58) i++;
  return i;
}

function sameName(b: Buffer, s1: number, e1: number, s2: number, e2: number): boolean {
  if (e1 - s1 !== e2 - s2) return false;
  for (let i = 0; i < e1 - s1; i++) {
    let c1 = b[s1 + i], c2 = b[s2 + i];
    if (c1 >= 65 && c1 <= 90) c1 += 32;
    if (c2 >= 65 && c2 <= 90) c2 += 32;
    if (c1 !== c2) return false;
  }
  return true;
}

const KIND_C = 67;
const KIND_LOCATION = 37;

function findCnameClashes(b: Buffer, lines: LineTable, r: Reporter): void {
  let cnameCount = 0;
  for (let li = 0; li < lines.count; li++) if (lines.kind[li] === KIND_C) cnameCount++;
  if (cnameCount === 0) return;
  let size = 1024;
  while (size < cnameCount * 2) size <<= 1;
  const mask = size - 1;
  const table = new Int32Array(size); // index+1 of a C line, by name hash
  const hashes = lines.nameHash;
  for (let li = 0; li < lines.count; li++) {
    if (lines.kind[li] !== KIND_C) continue;
    const h = hashes[li];
    let slot = (h ^ (h >>> 15)) & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = li + 1;
  }
  for (let li = 0; li < lines.count; li++) {
    const kind = lines.kind[li];
    if (kind === KIND_LOCATION) continue;
    const h = hashes[li];
    for (let slot = (h ^ (h >>> 15)) & mask; table[slot] !== 0; slot = (slot + 1) & mask) {
      const ci = table[slot] - 1;
      if (hashes[ci] !== h || ci === li || (kind === KIND_C && ci > li)) continue;
      // Equal hashes may still be different names.
      const s = lines.start[li] + 1;
      const e = nameEnd(b, lines.start[li], lines.end[li]);
      if (!sameName(b, s, e, lines.start[ci] + 1, nameEnd(b, lines.start[ci], lines.end[ci]))) continue;
      const name = b.toString('utf8', s, e);
      r.line = lines.line[li];
      r.warning(
        kind === KIND_C
          ? `"${name}" has another CNAME at line ${lines.line[ci]}: a name may have only one`
          : `"${name}" also has a CNAME at line ${lines.line[ci]}: a name with a CNAME must have no other records`,
      );
      break;
    }
  }
}
