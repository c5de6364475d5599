// iim-tinydns records: add, import, remove and list them, each change one locked edit and one compile.
import { commandLineFor, problem, Problem, usage, type CommandContext } from '../../framework/index.js';
import { readNamedFile } from '../../lib/named-file.js';
import { rootOf } from './data-file.js';

/** The push to the secondaries around each change (publish.ts). */
const publish = (context: CommandContext) => async () => (await import('./publish.js')).startPublication(context);

export async function recordAdd(context: CommandContext): Promise<void> {
  const { args: [kind, ...given], params, op, out } = context;
  const hint = commandLineFor(context);
  const rest = withLineParams(given, params);
  const { recordFromArgs, isRecordKind, RECORD_ARGS, RECORD_KINDS, TAIL_WORD } = await import('../../lib/tinydns/records.js');
  if (!isRecordKind(kind)) usage('unknown record kind "%s": expected one of %s', kind, RECORD_KINDS.join(', '));
  const form = RECORD_ARGS[kind].split(' ');
  const min = form.filter((word) => !word.startsWith('[')).length;
  let count = rest.length; // ttl=, location=, ttd=, start=, timestamp= words after the arguments are not counted
  while (count > min && TAIL_WORD.test(rest[count - 1])) count--;
  if (count < min || count > form.length) usage('recordAdd %s takes %s, got %s argument(s)', kind, RECORD_ARGS[kind], count);
  const record = recordFromArgs(kind, rest);
  const { changeData } = await import('./data-file.js');
  const { addRecord } = await import('../../lib/tinydns/record-edit.js');
  const { earlierSoaLine } = await import('../../lib/tinydns/soa-first.js');
  let line = '';
  const changed = await changeData(
    op,
    rootOf(params),
    (text) => {
      const outcome = addRecord(text, record, hint);
      line = outcome.line;
      outcome.warnings.forEach((warning) => out.warn(warning));
      const earlier = record.kind === 'soa' && outcome.text !== undefined ? earlierSoaLine(outcome.text, record.name) : undefined;
      if (earlier) out.warn(`tinydns serves the SOA of the first line of ${record.name} (${earlier}), not this one: for a Z line, give the zone's name servers as childns lines instead of ns`);
      if (outcome.text !== undefined && record.location !== undefined && !outcome.text.split('\n').some((l) => l.startsWith(`%${record.location}:`) || l === `%${record.location}`)) {
        out.warn(`no location ${record.location} here (a "%${record.location}:PREFIX" line): this record is served to no client until one is added (${hint('recordAdd', 'location', record.location, 'IPPREFIX')})`);
      }
      return outcome.text;
    },
    out.note,
    hint,
    publish(context),
  );
  if (!changed) out.note(`already there, nothing changed: ${line}`);
  else out.done(`added and compiled: ${line}`);
}

/** -p location=, -p ttd=, -p start= as the words they stand for after the record's arguments. */
function withLineParams(words: readonly string[], params: CommandContext['params']): string[] {
  const extra: string[] = [];
  for (const key of ['location', 'ttd', 'start']) {
    if (!params[key]) continue;
    if (words.some((word) => word.startsWith(`${key}=`))) usage('%s given twice: -p %s=%s and the word %s=', key, key, params[key], key);
    extra.push(`${key}=${params[key]}`);
  }
  return [...words, ...extra];
}

export async function recordImport(context: CommandContext): Promise<void> {
  const { args: [file], params, op, out } = context;
  const hint = commandLineFor(context);
  for (const key of ['location', 'ttd', 'start']) {
    if (params[key]) usage('-p %s= is for recordAdd: in a file for recordImport, end each line that needs it with %s=%s', key, key, params[key]);
  }
  const label = file === '-' ? '(standard input)' : file;
  let text: string;
  try {
    text = readNamedFile(file).toString('utf8');
  } catch (error) {
    if (error instanceof Problem) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') problem('no file %s: recordImport reads lines as recordList prints them; make one with: iim-tinydns -i recordList ZONE > %s', label, label);
    problem('cannot read %s: %s', label, code ?? (error as Error).message);
  }
  const { parseRecordLines } = await import('./record-lines.js');
  const { records, lineNumbers, errors } = parseRecordLines(text, label);
  if (errors.length) {
    out.diagnostic(errors.join('\n') + '\n');
    problem('%s bad line(s) in %s: nothing changed', errors.length, label);
  }
  if (records.length === 0) return out.note(`no records in ${label}: nothing changed`);
  const { changeData } = await import('./data-file.js');
  const { addRecords } = await import('../../lib/tinydns/record-edit.js');
  let added: string[] = [];
  await changeData(
    op,
    rootOf(params),
    (before) => {
      const outcome = addRecords(before, records, hint);
      if (outcome.conflicts.length) {
        out.diagnostic(outcome.conflicts.map(({ index, message }) => `${label}:${lineNumbers[index]}: ${message}\n`).join(''));
        problem('%s record(s) of %s refused: nothing changed', outcome.conflicts.length, label);
      }
      added = outcome.added;
      outcome.warnings.forEach((warning) => out.warn(warning));
      return outcome.text;
    },
    out.note,
    hint,
    publish(context),
  );
  const already = records.length - added.length;
  if (added.length === 0) out.note(`all ${records.length} records are there already: nothing changed`);
  else out.done(`added ${added.length} record(s)${already ? `, ${already} there already` : ''}, and compiled`);
}

export async function recordRemove(context: CommandContext): Promise<void> {
  const { args: [kind, name, value], params, op, out } = context;
  const { isRecordKind, RECORD_KINDS } = await import('../../lib/tinydns/records.js');
  if (!isRecordKind(kind)) usage('unknown record kind "%s": expected one of %s', kind, RECORD_KINDS.join(', '));
  const { changeData } = await import('./data-file.js');
  const { removeRecords } = await import('../../lib/tinydns/record-edit.js');
  let removed: string[] = [];
  await changeData(
    op,
    rootOf(params),
    (text) => {
      const outcome = removeRecords(text, kind, name, value);
      removed = outcome.removed;
      if (removed.length === 0) problem('no %s record for %s%s in %s/data', kind, name, value === undefined ? '' : ` with ${value}`, rootOf(params));
      return outcome.text;
    },
    out.note,
    commandLineFor(context),
    publish(context),
  );
  removed.forEach((line) => out.done(`removed: ${line}`));
}

export async function recordList(context: CommandContext): Promise<void> {
  const { args: [zone], params, out } = context;
  const { readDataText } = await import('./data-file.js');
  const { zoneOf } = await import('../../lib/tinydns/records.js');
  const { listLine } = await import('../../lib/tinydns/record-words.js');
  const { parseDomainName } = await import('../../lib/names.js');
  const wanted = zone === undefined ? undefined : parseDomainName(zone, 'zone');
  // Location lines (%) belong to every zone: without them, a record with a location is served to no one.
  const inZone = (listed: NonNullable<ReturnType<typeof listLine>>) =>
    wanted === undefined || listed.record?.kind === 'location' || (listed.record !== undefined && zoneOf(listed.record.name, [wanted]) !== undefined);
  const listed = readDataText(rootOf(params), commandLineFor(context))
    .split('\n')
    .map((line) => listLine(line))
    .filter((l) => l !== undefined && inZone(l))
    .map((l) => l!);
  if (params.format === 'json') {
    out.json(listed.map((l) => ('raw' in l ? { kind: 'raw', line: l.raw } : { ...l.record, ttl: l.record.ttl ?? null })));
    return;
  }
  for (const l of listed) out.result(('raw' in l ? ['raw', l.raw] : l.words).map(shellWord).join(' '));
}

/** A word a shell reads back as itself, control characters included (bash $'…'). */
function shellWord(word: string): string {
  if (/^[A-Za-z0-9_\-+=.,:/@%^*]+$/.test(word)) return word;
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x1f\x7f]/.test(word)) return `'${word.replace(/'/g, `'\\''`)}'`;
  return "$'" + word.replace(/[\\'\x00-\x1f\x7f]/g, (c) => (c === '\\' || c === "'" ? '\\' + c : '\\' + c.charCodeAt(0).toString(8).padStart(3, '0'))) + "'";
}

export async function zoneList(context: CommandContext): Promise<void> {
  const { params, out } = context;
  const { readDataText } = await import('./data-file.js');
  const { listZones } = await import('../../lib/tinydns/records.js');
  const zones = listZones(readDataText(rootOf(params), commandLineFor(context)));
  if (params.format === 'json') out.json(zones);
  else zones.forEach((zone) => out.result(zone === '' ? '.' : zone));
}
