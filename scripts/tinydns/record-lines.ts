// Records as text for recordImport: one per line in the form recordList prints (the words
// recordAdd takes, shell-quoted as bash reads them: 'a b', $'\012'; "raw LINE" for a data line
// copied as it is), blank lines and # comments skipped. Every line is checked before anything
// is written; a bad one is reported as FILE:LINE.
import { splitWords } from '../../framework/shell-words.js';
import { recordFromArgs } from '../../lib/tinydns/records.js';
import type { ImportItem } from '../../lib/tinydns/record-edit.js';
import { rawLine } from '../../lib/tinydns/record-words.js';

export interface RecordLines {
  records: ImportItem[];
  /** The line number of each record. */
  lineNumbers: number[];
  /** `LABEL:LINE: why`, one per bad line. */
  errors: string[];
}

export function parseRecordLines(text: string, label: string): RecordLines {
  const records: ImportItem[] = [];
  const lineNumbers: number[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) return;
    try {
      const words = splitWords(line, { bash: true });
      if (words.length === 0) return; // only a comment
      const [kind, ...args] = words;
      records.push(kind === 'raw' ? { kind: 'raw', line: rawLine(args) } : recordFromArgs(kind, args));
      lineNumbers.push(index + 1);
    } catch (error) {
      errors.push(`${label}:${index + 1}: ${(error as Error).message}`);
    }
  });
  return { records, lineNumbers, errors };
}
