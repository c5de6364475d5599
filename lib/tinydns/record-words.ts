// A data line as recordList prints it: recordAdd's words when they make the same record again,
// else "raw LINE", which recordImport copies verbatim once it passes dataCheck's checks.
import { checkDataText, countErrors, formatDiagnostic } from './data-check.js';
import { type DataRecord, decodeLine, recordArgs } from './record-decode.js';
import { defaultTtl, isRecordKind } from './record-kinds.js';
import { encodeRecord, recordFromArgs } from './records.js';
import { InvalidInput } from '../invalid-input.js';

export type ListedLine = { words: string[]; record: DataRecord } | { raw: string; record?: DataRecord };

/** Sorted-key text of a record with tinydns-data's default TTL filled in: equal means served the same. */
function served(r: DataRecord): string {
  const filled: Record<string, unknown> = { ...r, ttl: r.ttl ?? defaultTtl(r.kind) };
  return JSON.stringify(Object.keys(filled).sort().map((key) => [key, filled[key]]));
}

/** How recordList shows one line of data; undefined for blanks, comments and "-" lines (tinydns-data skips them). */
export function listLine(line: string): ListedLine | undefined {
  const text = line.replace(/[ \t]+$/, '');
  if (text === '' || text[0] === '#' || text[0] === '-') return undefined;
  const record = decodeLine(text);
  if (!record || !isRecordKind(record.kind)) return { raw: text, record };
  const words = recordArgs(record);
  try {
    const again = decodeLine(encodeRecord(recordFromArgs(words[0], words.slice(1))));
    if (again && served(again) === served(record)) return { words, record };
  } catch {
    // not something recordAdd's words can say
  }
  return { raw: text, record };
}

/** A "raw" line of recordImport: one data line, refused when dataCheck finds an error in it. */
export function rawLine(words: readonly string[]): string {
  if (words.length !== 1) throw new InvalidInput(`raw takes one data line (quote it), got ${words.length} arguments`);
  const [line] = words;
  if (line.trim() === '' || /[\r\n]/.test(line)) throw new InvalidInput('raw takes one non-empty data line');
  const errors = checkDataText(line, 'raw').filter((d) => d.severity === 'error');
  if (countErrors(errors) > 0) throw new InvalidInput(formatDiagnostic(errors[0]).replace(/^raw:1: /, 'raw line: '));
  return line;
}
