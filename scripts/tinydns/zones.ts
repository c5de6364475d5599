// iim-tinydns zones in and out: a BIND master file imported, a zone exported as one, a zone
// transferred from another server by AXFR (axfr-get); each import one locked change, one compile.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { problem, usage, type CommandContext } from '../../framework/index.js';
import type { MasterRecord } from '../../lib/tinydns/master-file.js';
import type { ImportItem } from '../../lib/tinydns/record-edit.js';
import { rootOf } from './data-file.js';

export async function zoneImport({ args: [file, zone], params, op, out }: CommandContext): Promise<void> {
  const label = file === '-' ? '(standard input)' : file;
  const { readMasterFile } = await import('../../lib/tinydns/master-file.js');
  const { dataLine } = await import('../../lib/tinydns/master-data.js');
  const { nameText } = await import('../../lib/tinydns/master-names.js');
  // Each record becomes its data line as it is read: a 100,000-record zone is not held twice.
  const items: ImportItem[] = [];
  const files: string[] = [];
  const lines: number[] = [];
  const lineProblems: string[] = [];
  const onRecord = (record: MasterRecord) => {
    try {
      items.push({ kind: 'raw', line: dataLine(record) });
      files.push(record.file);
      lines.push(record.line);
    } catch (error) {
      lineProblems.push(`${record.file}:${record.line}: ${(error as Error).message}`);
    }
  };
  const read = readMasterFile(file, label, { zone, includeAnywhere: params.includeAnywhere === 'yes', onRecord });
  const problems = read.problems.length ? read.problems : lineProblems;
  if (problems.length) {
    out.diagnostic(problems.join('\n') + '\n');
    problem('%s problem(s) in %s: nothing changed', problems.length, label);
  }
  const zoneName = nameText(read.zone!);
  await changeWith(op, params, out, items, (index) => `${files[index]}:${lines[index]}`, zoneName, label);
}

/**
 * One locked change and one compile: ZONE's old lines replaced by ITEMS (raw data lines), or
 * ITEMS added beside them (zoneMode=add); refusals named by WHERE(index).
 */
async function changeWith(
  op: CommandContext['op'],
  params: Record<string, string>,
  out: CommandContext['out'],
  items: ImportItem[],
  where: (index: number) => string,
  zone: string,
  label: string,
): Promise<void> {
  const { changeData } = await import('./data-file.js');
  const { addRecords } = await import('../../lib/tinydns/record-edit.js');
  const { listZones } = await import('../../lib/tinydns/records.js');
  const { withoutZoneLines } = await import('../../lib/tinydns/zone-replace.js');
  const replace = params.zoneMode !== 'add';
  let added: string[] = [];
  let removed: string[] = [];
  await changeData(
    op,
    rootOf(params),
    (before) => {
      const bare = zone.replace(/\.$/, '').toLowerCase();
      let base = before;
      if (replace) {
        const lines: string[] = [];
        for (const item of items) if (item.kind === 'raw') lines.push(item.line);
        ({ text: base, removed } = withoutZoneLines(before, bare, lines));
      } else if (listZones(before).includes(bare)) {
        out.warn(`${rootOf(params)}/data already serves ${bare}: the records are added beside its lines (remove its old ns line for a single SOA)`);
      }
      const outcome = addRecords(base, items);
      if (outcome.conflicts.length) {
        out.diagnostic(outcome.conflicts.map(({ index, message }) => `${where(index)}: ${message}\n`).join(''));
        problem('%s record(s) of %s refused: nothing changed', outcome.conflicts.length, label);
      }
      added = outcome.added;
      return outcome.text;
    },
    out.note,
  );
  const already = items.length - added.length;
  if (added.length === 0 && removed.length === 0) out.note(`all ${items.length} records of ${zone} are there already: nothing changed`);
  else {
    const gone = removed.length ? `, removed ${removed.length} old line(s) of it` : '';
    out.done(`added ${added.length} record(s) of ${zone}${already ? `, ${already} there already` : ''}${gone}, and compiled`);
  }
}

export async function zoneExport({ args: [zone], params, out }: CommandContext): Promise<void> {
  const { parseName, nameText } = await import('../../lib/tinydns/master-names.js');
  const { readCdbLocations, readCdbRecords } = await import('../../lib/tinydns/cdb-records.js');
  const { exportZone } = await import('../../lib/tinydns/zone-export.js');
  const { compiledStateProblem } = await import('../../lib/tinydns/compiled-state.js');
  let name;
  try {
    name = parseName(zone.endsWith('.') ? zone : `${zone}.`, undefined);
  } catch (error) {
    usage('bad ZONE "%s": %s', zone, (error as Error).message);
  }
  const root = rootOf(params);
  const cdb = join(root, 'data.cdb');
  if (!existsSync(cdb)) problem('no %s: nothing is served; compile first (-i dataCompile)', cdb);
  const stale = compiledStateProblem(root);
  if (stale) out.warn(stale);
  const { refuseDataLinks } = await import('./data-file.js');
  const { readOwnFile } = await import('../../lib/own-paths.js');
  refuseDataLinks(root);
  const compiled = readOwnFile(cdb);
  const exported = exportZone(readCdbRecords(compiled), name, cdb, { locations: readCdbLocations(compiled) });
  if (!/ IN SOA /.test(exported.text)) problem('tinydns serves no SOA for %s: not a zone of this server (see -i zoneList)', nameText(name));
  exported.left.forEach((why) => out.warn(`left out: ${why}`));
  out.result(exported.text.replace(/\n$/, ''));
}

export async function zoneTransfer({ args: [zone, server], params, op, out }: CommandContext): Promise<void> {
  const { parseDomainName, parseIPv4 } = await import('../../lib/names.js');
  let name: string, ip: string;
  try {
    name = parseDomainName(zone, 'zone');
    ip = parseIPv4(server, 'SERVER');
  } catch (error) {
    usage('%s', (error as Error).message);
  }
  const { rawLine } = await import('../../lib/tinydns/record-words.js');
  const { axfrGetLine } = await import('../../lib/tinydns/axfr-get-lines.js');
  const scratch = join(tmpdir(), `iim-tinydns-axfr-${process.pid}-${Date.now()}`);
  const file = join(scratch, 'data');
  await op.mkdir(scratch, 0o700);
  try {
    // axfr-get ZONE FN FN.tmp reads the transfer on fd 6/7, as tcpclient gives it (ucspi-tcp).
    await op.run('tcpclient', ['-RHl0', ip, '53', 'axfr-get', name, file, `${file}.tmp`]);
    if (!op.performs) return;
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    const items: ImportItem[] = [];
    const problems: string[] = [];
    lines.forEach((line, i) => {
      try {
        items.push({ kind: 'raw', line: rawLine([axfrGetLine(line)]) });
      } catch (error) {
        problems.push(`axfr-get:${i + 1}: ${(error as Error).message}`);
      }
    });
    if (problems.length) {
      out.diagnostic(problems.join('\n') + '\n');
      problem('%s bad line(s) from axfr-get: nothing changed', problems.length);
    }
    if (items.length === 0) problem('%s sent no records for %s: nothing changed', ip, name);
    await changeWith(op, params, out, items, (index) => `${ip} ${name} record ${index + 1}`, `${name}.`, `the transfer from ${ip}`);
  } finally {
    await op.remove(scratch);
  }
}
