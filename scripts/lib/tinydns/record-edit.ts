// Pure edits of a data file's text: add one checked record (once), remove the records
// named by KIND NAME [VALUE], and the advice a sysadmin needs about zones served.
import { InvalidInput, quote } from '../invalid-input.js';
import { appendLine, hasLine } from './data-file.js';
import { unescapeText } from './escape.js';
import {
  type DataRecord,
  type RecordInput,
  type RecordKind,
  decodeLine,
  encodeRecord,
  isRecordKind,
  nextServerLabel,
  recordMatches,
  RECORD_KINDS,
  zoneOf,
} from './records.js';
import { parseDomainName, parseIPv4 } from './validate.js';

const LEADS: Partial<Record<RecordKind, string>> = { ns: '.', childns: '&', mx: '@' };

export interface AddOutcome {
  /** The new text, or undefined when the record is already there. */
  text?: string;
  line: string;
  /** Advice for the sysadmin (stderr), e.g. a name no zone here covers. */
  warnings: string[];
}

/** The names (first fields) of the lines starting with LEAD, lowercased: a cheap scan of a big file. */
function namesWithLead(text: string, lead: string): string[] {
  const names: string[] = [];
  for (let at = text.startsWith(lead) ? 0 : text.indexOf('\n' + lead) + 1; at > 0 || (at === 0 && text.startsWith(lead)); ) {
    const end = text.indexOf('\n', at);
    const colon = text.indexOf(':', at);
    const stop = colon >= 0 && (end < 0 || colon < end) ? colon : end < 0 ? text.length : end;
    const field = text.slice(at + 1, stop);
    names.push(field.includes('\\') ? unescapeText(field).toLowerCase() : field.toLowerCase());
    if (end < 0) break;
    at = text.indexOf('\n' + lead, end) + 1;
    if (at === 0) break;
  }
  return names.map((name) => (name.endsWith('.') ? name.slice(0, -1) : name));
}

function recordsWithLead(text: string, lead: string): DataRecord[] {
  const found: DataRecord[] = [];
  const nextLine = (from: number) => {
    const i = text.indexOf('\n' + lead, from);
    return i < 0 ? -1 : i + 1;
  };
  for (let at = text.startsWith(lead) ? 0 : nextLine(0); at >= 0; ) {
    const end = text.indexOf('\n', at);
    const record = decodeLine(text.slice(at, end < 0 ? undefined : end));
    if (record) found.push(record);
    at = end < 0 ? -1 : nextLine(end);
  }
  return found;
}

/**
 * Add a record to TEXT. An ns, childns or mx without a server name gets the next free
 * label (a, b, … as tinydns-edit picks), or is already there when one with its IP exists.
 */
export function addRecord(text: string, record: RecordInput): AddOutcome {
  const placed = place(text, record);
  if (placed.text === undefined) return { line: placed.line, warnings: [] };
  return { text: placed.text, line: placed.line, warnings: zoneWarnings(text, placed.input, placed.line) };
}

function place(text: string, record: RecordInput): { text?: string; line: string; input: RecordInput } {
  const lead = LEADS[record.kind];
  let input = record;
  if (lead && 'server' in record && record.server === undefined) {
    const existing = recordsWithLead(text, lead);
    const ip = parseIPv4(record.ip);
    const same = existing.find((r) => r.kind === record.kind && r.name === parseDomainName(record.name) && r.value === ip);
    if (same) return { line: encodeRecord({ ...record, server: same.server }), input };
    input = { ...record, server: nextServerLabel(existing, record.kind as 'ns' | 'childns' | 'mx', record.name) };
  }
  const line = encodeRecord(input);
  if (hasLine(text, line)) return { line, input };
  return { text: appendLine(text, line), line, input };
}

export interface AddAllOutcome {
  text: string;
  /** The data lines of the records that were not there yet, in order. */
  added: string[];
  /** Advice about the added records, given the text with all of them in. */
  warnings: string[];
}

/** Add several records to TEXT in order (each once), advising on zones only once all are in. */
export function addRecords(text: string, records: readonly RecordInput[]): AddAllOutcome {
  let data = text;
  const placed: Array<{ input: RecordInput; line: string }> = [];
  for (const record of records) {
    const outcome = place(data, record);
    if (outcome.text === undefined) continue;
    data = outcome.text;
    placed.push(outcome);
  }
  const warnings = [...new Set(placed.flatMap(({ input, line }) => zoneWarnings(data, input, line)))];
  return { text: data, added: placed.map(({ line }) => line), warnings };
}

function zoneWarnings(text: string, record: RecordInput, line: string): string[] {
  if (record.kind === 'ns') return [];
  // Only the "." and "Z" lines: splitting a 100,000-line file costs more than the rest of recordAdd.
  const zones = [...new Set([...namesWithLead(text, '.'), ...namesWithLead(text, 'Z')])];
  const name = decodeLine(line)!.name;
  const warnings: string[] = [];
  if (zoneOf(name, zones) === undefined) {
    warnings.push(`no ns record here covers ${name}: tinydns will not answer for it until one does (-i recordAdd ns ZONE IP)`);
  }
  if (record.kind === 'host') {
    const reverse = parseIPv4(record.ip).split('.').reverse().join('.') + '.in-addr.arpa';
    if (zoneOf(reverse, zones) === undefined) {
      warnings.push(`its PTR ${reverse} is served only once an ns record covers a reverse zone holding it`);
    }
  }
  return warnings;
}

/** The name a removal names; a PTR may be named by its IPv4 address. */
function removalName(kind: RecordKind, name: string): string {
  if (kind === 'ptr' && /^[0-9]+(\.[0-9]+){3}$/.test(name)) return parseIPv4(name).split('.').reverse().join('.') + '.in-addr.arpa';
  if (kind === 'ns' && name === '.') return '.';
  return parseDomainName(name);
}

/** Remove every KIND line for NAME (and VALUE when given); returns the new text and the lines removed. */
export function removeRecords(text: string, kind: string, name: string, value?: string): { text: string; removed: string[] } {
  if (!isRecordKind(kind)) throw new InvalidInput(`unknown record kind ${quote(kind)}: expected one of ${RECORD_KINDS.join(', ')}`);
  const wanted = removalName(kind, name);
  const kept: string[] = [];
  const removed: string[] = [];
  for (const line of text.split('\n')) {
    const record = decodeLine(line);
    if (record && recordMatches(record, kind, wanted, value)) removed.push(line);
    else kept.push(line);
  }
  return { text: kept.join('\n'), removed };
}
