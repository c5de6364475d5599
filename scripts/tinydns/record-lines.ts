// Records as text for recordImport: one per line in the form recordList prints (the words
// recordAdd takes, shell-quoted: 'a b', $'\012'), blank lines and # comments skipped.
// Every line is checked before anything is written; a bad one is reported as FILE:LINE.
import { splitWords } from '../../framework/shell-words.js';
import { recordFromArgs, type RecordInput } from '../../lib/tinydns/records.js';

export interface RecordLines {
  records: RecordInput[];
  /** `LABEL:LINE: why`, one per bad line. */
  errors: string[];
}

export function parseRecordLines(text: string, label: string): RecordLines {
  const records: RecordInput[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) return;
    try {
      const [kind, ...args] = splitWords(line);
      records.push(recordFromArgs(kind, args));
    } catch (error) {
      errors.push(`${label}:${index + 1}: ${(error as Error).message}`);
    }
  });
  return { records, errors };
}
