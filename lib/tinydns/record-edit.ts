// Pure edits of a data file's text: add one checked record (once), remove the records
// named by KIND NAME [VALUE], and the advice a sysadmin needs about zones served.
import { bareHint, type CommandHint } from '../command-hint.js';
import { InvalidInput, quote } from '../invalid-input.js';
import { txtUdpWarning } from './answer-size.js';
import { NameIndex, cnameConflict, cnameOwners } from './cname-conflicts.js';
import { appendLine, hasLine } from './data-text.js';
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
  zoneFinder,
} from './records.js';
import { parseDomainName, parseIPv4 } from '../names.js';

const LEADS: Partial<Record<RecordKind, string>> = { ns: '.', childns: '&', mx: '@' };

/** What recordImport adds: a record, or a raw data line copied as it is (already checked). */
export type ImportItem = RecordInput | { kind: 'raw'; line: string };

/** The zone an ns or childns names: "." is the root (a closed lab's fake root, see DJB-LAB). */
const zoneName = (name: string) => (name === '.' || name === '' ? '' : parseDomainName(name, 'zone'));

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
export function addRecord(text: string, record: RecordInput, hint: CommandHint = bareHint): AddOutcome {
  const lead = LEADS[record.kind];
  const { input, line, known } = withServerLabel(record, lead ? recordsWithLead(text, lead) : []);
  if (known || hasLine(text, line)) return { line, warnings: [] };
  const conflict = cnameConflict(text, line);
  if (conflict) throw new InvalidInput(conflict);
  return { text: appendLine(text, line), line, warnings: [...zoneWarnings(servedZones(text), input, line, hint), ...sizeWarnings(input)] };
}

function sizeWarnings(record: RecordInput): string[] {
  if (record.kind !== 'txt') return [];
  const warning = txtUdpWarning(parseDomainName(record.name), Buffer.byteLength(record.text));
  return warning ? [warning] : [];
}

/**
 * The record with the server label it gets among `existing` (the lines of its lead): the
 * label of a line with its name and IP if there is one (then it is already there), else the
 * next free one; records that name their server, or have none, as they are.
 */
function withServerLabel(record: RecordInput, existing: readonly DataRecord[]): { input: RecordInput; line: string; known: boolean } {
  if (!LEADS[record.kind] || !('server' in record) || record.server !== undefined) {
    return { input: record, line: encodeRecord(record), known: false };
  }
  const ip = parseIPv4(record.ip);
  const name = record.kind === 'mx' ? parseDomainName(record.name) : zoneName(record.name);
  const same = existing.find((r) => r.kind === record.kind && r.name === name && r.value === ip);
  const input = { ...record, server: same ? same.server : nextServerLabel(existing as DataRecord[], record.kind as 'ns' | 'childns' | 'mx', record.name) };
  return { input, line: encodeRecord(input), known: same !== undefined };
}

export interface AddAllOutcome {
  text: string;
  /** The data lines of the records that were not there yet, in order. */
  added: string[];
  /** Advice about the added records, given the text with all of them in. */
  warnings: string[];
  /** Records refused (by their index in the list): a CNAME beside other data. Nothing is added then. */
  conflicts: Array<{ index: number; message: string }>;
}

/**
 * Add several records to TEXT in order (each once), advising on zones only once all are in.
 * The text is read once (a Set of its lines, the lines of each lead), so importing thousands
 * of records into a 100,000-line file costs one pass, not one per record.
 */
export function addRecords(text: string, records: readonly ImportItem[], hint: CommandHint = bareHint): AddAllOutcome {
  const present = new Set(text.split('\n'));
  // The lines of each lead (ns, childns, mx) are decoded only when a record needs a server label.
  const byLead = new Map<string, DataRecord[]>();
  const placedByLead = new Map<string, string[]>();
  const leadRecords = (lead: string) => {
    let found = byLead.get(lead);
    if (!found) {
      found = recordsWithLead(text, lead);
      for (const line of placedByLead.get(lead) ?? []) found.push(decodeLine(line)!);
      byLead.set(lead, found);
    }
    return found;
  };
  // An import of raw lines only (zoneImport, zoneTransfer) knows every line up front, and so the
  // names a CNAME conflict can be about: only those are indexed.
  const raw = records.every((record) => record.kind === 'raw');
  const names = new NameIndex(text, raw ? cnameOwners(text, records.map((record) => (record as { line: string }).line)) : undefined);
  const lines: string[] = [];
  const inputs: Array<{ input: RecordInput; line: string }> = [];
  const conflicts: AddAllOutcome['conflicts'] = [];
  for (let index = 0; index < records.length; index++) {
    const record = records[index];
    let line: string;
    if (record.kind === 'raw') line = record.line;
    else {
      const labelled = withServerLabel(record, LEADS[record.kind] ? leadRecords(LEADS[record.kind]!) : []);
      if (labelled.known || present.has(labelled.line)) continue;
      line = labelled.line;
      inputs.push({ input: labelled.input, line });
    }
    if (present.has(line)) continue;
    const conflict = names.addLine(line);
    if (conflict) conflicts.push({ index, message: conflict });
    present.add(line);
    lines.push(line);
    const lead = line[0];
    if (lead === '.' || lead === '&' || lead === '@') {
      const found = byLead.get(lead);
      if (found) found.push(decodeLine(line)!);
      else if (placedByLead.has(lead)) placedByLead.get(lead)!.push(line);
      else placedByLead.set(lead, [line]);
    }
  }
  if (conflicts.length) return { text, added: [], warnings: [], conflicts };
  if (lines.length === 0) return { text, added: [], warnings: [], conflicts };
  const after = `${text === '' || text.endsWith('\n') ? text : `${text}\n`}${lines.join('\n')}\n`;
  if (inputs.length === 0) return { text: after, added: lines, warnings: [], conflicts };
  const zones = servedZones(after);
  const warnings = [...new Set(inputs.flatMap(({ input, line }) => [...zoneWarnings(zones, input, line, hint), ...sizeWarnings(input)]))];
  return { text: after, added: lines, warnings, conflicts };
}

/**
 * The zone of a name among those a data text serves: its "." and "Z" lines only (splitting
 * a 100,000-line file costs more than the rest of recordAdd).
 */
function servedZones(text: string): (name: string) => string | undefined {
  return zoneFinder([...namesWithLead(text, '.'), ...namesWithLead(text, 'Z')]);
}

function zoneWarnings(zoneOf: (name: string) => string | undefined, record: RecordInput, line: string, hint: CommandHint): string[] {
  if (record.kind === 'ns' || record.kind === 'soa' || record.kind === 'location') return [];
  const name = decodeLine(line)!.name;
  const warnings: string[] = [];
  if (zoneOf(name) === undefined) {
    warnings.push(`no ns record here covers ${name}: tinydns will not answer for it until one does (${hint('recordAdd', 'ns', 'ZONE', 'IP')})`);
  }
  if (record.kind === 'host') {
    const reverse = parseIPv4(record.ip).split('.').reverse().join('.') + '.in-addr.arpa';
    if (zoneOf(reverse) === undefined) {
      warnings.push(`its PTR ${reverse} is served only once an ns record covers a reverse zone holding it`);
    }
  }
  return warnings;
}

/** The name a removal names; a PTR may be named by its IPv4 address. */
function removalName(kind: RecordKind, name: string): string {
  if (kind === 'ptr' && /^[0-9]+(\.[0-9]+){3}$/.test(name)) return parseIPv4(name).split('.').reverse().join('.') + '.in-addr.arpa';
  if (kind === 'ns' && name === '.') return '';
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
