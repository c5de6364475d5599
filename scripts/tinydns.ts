// iim-tinydns: authoritative DNS data by scripting, over the real tinydns.
import { existsSync, lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { chapter, defineScript, problem, Problem, section, sourceFileOf, usage } from '../framework/index.js';
import type { CommandContext, ExampleContext, ExampleItem } from '../framework/index.js';
import { readEnvVariable } from './lib/daemontools/envdir.js';

const rootOf = (params: Record<string, string>) => join(resolve(params.dir), 'root');

/** The IP tinydns of this dir listens on (env/IP), for examples that run as printed. */
const serviceIp = (dir: string) => readEnvVariable(join(dir, 'env'), 'IP') || '127.53.0.1';

function examples({ cmd, line, params }: ExampleContext): ExampleItem[] {
  const ip = serviceIp(params.dir);
  const root = join(params.dir, 'root');
  return [
    chapter('Setup'),
    cmd(['-i', 'setup', ip], `tinydns-conf into ${params.dir}, linked into ${params.serviceDir}`),
    cmd(['-f', '-i', 'setup', ip], 'the same over an existing (stopped) service directory'),
    chapter('Records by kind'),
    section('Zones and name servers'),
    cmd(['-i', 'recordAdd', 'ns', 'example.test', ip], 'SOA and NS: this server answers for example.test'),
    cmd(['-i', 'recordAdd', 'ns', '2.0.10.in-addr.arpa', ip], 'and for the reverse zone of 10.0.2.0/24'),
    cmd(['-i', 'recordAdd', 'childns', 'sub.example.test', '10.0.2.53'], 'delegate sub.example.test'),
    section('Addresses'),
    cmd(['-i', 'recordAdd', 'host', 'www.example.test', '10.0.2.1'], 'A and PTR'),
    cmd(['-i', 'recordAdd', 'alias', 'web.example.test', '10.0.2.1', '300'], 'A only, TTL 300'),
    cmd(['-i', 'recordAdd', 'aaaa', 'www.example.test', '2001:db8::1'], 'AAAA (a generic type 28 line)'),
    cmd(['-i', 'recordAdd', 'ptr', '10.0.2.9', 'printer.example.test'], 'PTR only'),
    section('Mail, names, text, services'),
    cmd(['-i', 'recordAdd', 'mx', 'example.test', '10.0.2.25', '10'], 'MX a.mx.example.test, distance 10'),
    cmd(['-i', 'recordAdd', 'cname', 'ftp.example.test', 'www.example.test']),
    cmd(['-i', 'recordAdd', 'txt', 'example.test', 'v=spf1 ip4:10.0.2.0/24 -all'], '":" is written \\072'),
    cmd(['-i', 'recordAdd', 'srv', '_sip._udp.example.test', 'sip.example.test', '5060', '10', '20'], 'SRV port 5060'),
    section('Listing and removing'),
    cmd('-i zoneList'),
    cmd('-i recordList example.test'),
    cmd('-p format=json -i recordList'),
    cmd(['-i', 'recordImport', '/tmp/example.test.records'], "recordList's output (another server's zone, say): one compile"),
    cmd(['-i', 'recordRemove', 'alias', 'web.example.test']),
    cmd(['-i', 'recordRemove', 'host', 'www.example.test', '10.0.2.1'], 'only the line with this IP'),
    chapter('Checking and compiling'),
    cmd('-i dataCheck', `every error of ${root}/data as FILE:LINE: message`),
    cmd(['-i', 'dataCheck', '/tmp/data.new'], 'check another file before it goes live'),
    cmd('-i dataCompile', 'tinydns-data in root/'),
    cmd('-i dataEdit', 'edit root/data in the editor, then check and compile'),
    cmd('-n showOnly -i recordAdd host new.example.test 10.0.2.7', 'what would be done, nothing done'),
    chapter('Queries'),
    cmd(['-i', 'query', 'a', 'www.example.test'], 'tinydns-get against data.cdb'),
    cmd(['-i', 'query', 'ptr', '1.2.0.10.in-addr.arpa']),
    cmd(['-i', 'query', 'srv', '_sip._udp.example.test']),
    line(['dnsq', 'a', 'www.example.test', ip], 'ask the running tinydns over UDP'),
  ];
}

export default defineScript({
  name: 'iim-tinydns',
  brief: 'tinydns: setup, records by scripting, data checks, queries',
  describe: `
Dynamic addition of DNS records through scripting, over the real tinydns:
every value is validated before root/data is touched, changes are atomic
and locked, and root/data is compiled with tinydns-data.`,
  sourceFile: sourceFileOf(import.meta.url),
  panel: 'tinydns',
  params: {
    dir: { describe: 'the tinydns service directory (env/, log/, root/data)', default: '/etc/tinydns' },
    serviceDir: { describe: 'where setup links the service', default: '/etc/service' },
    account: { describe: 'the account tinydns runs as (setup creates it if missing)', default: 'tinydns', validate: accountComplaint },
    logAccount: { describe: 'the account multilog runs as (setup creates it if missing)', default: 'dnslog', validate: accountComplaint },
  },
  packages: {
    'tinydns-conf': 'djbdns-conf',
    'tinydns-data': 'tinydns',
    'tinydns-get': 'tinydns',
    useradd: 'passwd',
  },
  examples,
  commands: {
    setup: {
      describe: 'Create the service with tinydns-conf (creating its accounts if missing) and link it into serviceDir. An existing dir is refused without -f.',
      args: ['IP'],
      root: true,
      needs: ['tinydns-conf', 'tinydns-data'],
      run: setup,
    },
    recordAdd: {
      describe: `Add a record, then compile. KIND ARGS: ns ZONE IP [NAME], childns ZONE IP [NAME], host NAME IP [TTL] (A + PTR),
alias NAME IP [TTL] (A only), mx DOMAIN IP [DISTANCE] [NAME], cname NAME TARGET [TTL], txt NAME TEXT [TTL],
ptr NAME|IP TARGET [TTL], srv NAME TARGET PORT [PRIORITY] [WEIGHT] [TTL], aaaa NAME IPV6 [TTL].
Adding a record that is already there changes nothing.`,
      args: ['KIND', 'ARGS...'],
      needs: ['tinydns-data'],
      run: recordAdd,
    },
    recordImport: {
      describe: `Add the records of FILE (- for standard input), one per line as recordList prints them
(recordAdd's words, shell-quoted; blank lines and # comments skipped): every line is checked first
(errors as FILE:LINE:, and then nothing changes), then one locked change and one compile.`,
      args: ['FILE'],
      needs: ['tinydns-data'],
      run: recordImport,
    },
    recordRemove: {
      describe: 'Remove the KIND records of NAME (only the one with VALUE: its IP, target, text or server, when given), then compile.',
      args: ['KIND', 'NAME', '[VALUE]'],
      needs: ['tinydns-data'],
      run: recordRemove,
    },
    recordList: {
      describe: 'List the records (of ZONE and names below it), as recordAdd arguments; json: kind, name, value, ttl.',
      args: ['[ZONE]'],
      run: recordList,
    },
    zoneList: {
      describe: 'List the zones this server is authoritative for (its ns and SOA lines).',
      run: zoneList,
    },
    dataCheck: {
      describe: 'Check every line of FILE (default root/data): every error as FILE:LINE: message, warnings labelled; exit 1 on any error.',
      args: ['[FILE]'],
      run: dataCheck,
    },
    dataCompile: {
      describe: 'Check root/data, then compile it with tinydns-data (which replaces data.cdb atomically). -f compiles despite errors.',
      needs: ['tinydns-data'],
      run: dataCompile,
    },
    dataEdit: {
      describe: 'Open root/data in the editor (emacsclient, $VISUAL or $EDITOR); after a waiting editor, check and compile.',
      needs: ['tinydns-data'],
      run: dataEdit,
    },
    query: {
      describe: 'Ask the compiled data.cdb with tinydns-get: TYPE is a, ns, mx, ptr, txt, cname, soa, aaaa, srv, any or a number.',
      args: ['TYPE', 'NAME'],
      needs: ['tinydns-get'],
      run: query,
    },
  },
});

function accountComplaint(value: string): string | undefined {
  return /^[a-z_][a-z0-9_-]{0,31}$/.test(value) ? undefined : 'expected an account name (lowercase letters, digits, "_", "-")';
}

function accountExists(name: string): boolean {
  const passwd = readFileSync('/etc/passwd', 'utf8');
  return passwd.split('\n').some((entry) => entry.split(':')[0] === name);
}

async function setup({ args: [ipArgument], params, op, out, force }: CommandContext): Promise<void> {
  const { parseIPv4 } = await import('./lib/tinydns/validate.js');
  const { isSupervised, linkService } = await import('./lib/daemontools/control.js');
  const ip = parseIPv4(ipArgument);
  const dir = resolve(params.dir);
  const link = join(resolve(params.serviceDir), basename(dir));
  if (existsSync(dir)) {
    if (!force) problem('%s exists: if you really want to replace it, specify -f', dir);
    if (isSupervised(dir)) problem('%s is running under supervise: stop it first (svc -dx %s %s/log)', dir, dir, dir);
  }
  const linked = lstatOrUndefined(link);
  const linkedHere = linked?.isSymbolicLink() === true && resolve(params.serviceDir, readlinkSync(link)) === dir;
  if (linked && !linkedHere && !force) problem('%s exists and is not a link to %s: if you really want to replace it, specify -f', link, dir);
  for (const account of [params.account, params.logAccount]) {
    if (accountExists(account)) continue;
    out.note(`creating the system account ${account} (tinydns-conf needs it and does not check)`);
    await op.run('useradd', ['-r', '-s', '/usr/sbin/nologin', '-d', '/nonexistent', account]);
  }
  if (existsSync(dir)) await op.remove(dir);
  await op.run('tinydns-conf', [params.account, params.logAccount, dir, ip]);
  const { compileData } = await import('./lib/tinydns/data-file.js');
  await compileData(op, join(dir, 'root'));
  await op.mkdir(resolve(params.serviceDir));
  if (!linkedHere) {
    if (linked) await op.remove(link);
    await linkService(op, dir, resolve(params.serviceDir));
  }
  if (op.performs) out.note(`tinydns for ${ip} in ${dir}, linked as ${link}: svscan starts it within 5 s`);
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

async function recordAdd({ args: [kind, ...rest], params, op, out }: CommandContext): Promise<void> {
  const { recordFromArgs, isRecordKind, RECORD_ARGS, RECORD_KINDS } = await import('./lib/tinydns/records.js');
  if (!isRecordKind(kind)) usage('unknown record kind "%s": expected one of %s', kind, RECORD_KINDS.join(', '));
  const form = RECORD_ARGS[kind].split(' ');
  const min = form.filter((word) => !word.startsWith('[')).length;
  if (rest.length < min || rest.length > form.length) usage('recordAdd %s takes %s, got %s argument(s)', kind, RECORD_ARGS[kind], rest.length);
  const record = recordFromArgs(kind, rest);
  const { changeData } = await import('./lib/tinydns/data-file.js');
  const { addRecord } = await import('./lib/tinydns/record-edit.js');
  let line = '';
  const changed = await changeData(op, rootOf(params), (text) => {
    const outcome = addRecord(text, record);
    line = outcome.line;
    outcome.warnings.forEach((warning) => out.warn(warning));
    return outcome.text;
  });
  if (!changed) out.note(`already there, nothing changed: ${line}`);
  else if (op.performs) out.note(`added and compiled: ${line}`);
}

async function recordImport({ args: [file], params, op, out }: CommandContext): Promise<void> {
  const label = file === '-' ? '(standard input)' : file;
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    problem('cannot read %s: %s', label, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
  }
  const { parseRecordLines } = await import('./lib/tinydns/record-lines.js');
  const { records, errors } = parseRecordLines(text, label);
  if (errors.length) {
    out.diagnostic(errors.join('\n') + '\n');
    problem('%s bad line(s) in %s: nothing changed', errors.length, label);
  }
  if (records.length === 0) return out.note(`no records in ${label}: nothing changed`);
  const { changeData } = await import('./lib/tinydns/data-file.js');
  const { addRecords } = await import('./lib/tinydns/record-edit.js');
  let added: string[] = [];
  await changeData(op, rootOf(params), (before) => {
    const outcome = addRecords(before, records);
    added = outcome.added;
    outcome.warnings.forEach((warning) => out.warn(warning));
    return outcome.text;
  });
  const already = records.length - added.length;
  if (added.length === 0) out.note(`all ${records.length} records are there already: nothing changed`);
  else if (op.performs) out.note(`added ${added.length} record(s)${already ? `, ${already} there already` : ''}, and compiled`);
}

async function recordRemove({ args: [kind, name, value], params, op, out }: CommandContext): Promise<void> {
  const { isRecordKind, RECORD_KINDS } = await import('./lib/tinydns/records.js');
  if (!isRecordKind(kind)) usage('unknown record kind "%s": expected one of %s', kind, RECORD_KINDS.join(', '));
  const { changeData } = await import('./lib/tinydns/data-file.js');
  const { removeRecords } = await import('./lib/tinydns/record-edit.js');
  let removed: string[] = [];
  await changeData(op, rootOf(params), (text) => {
    const outcome = removeRecords(text, kind, name, value);
    removed = outcome.removed;
    if (removed.length === 0) problem('no %s record for %s%s in %s/data', kind, name, value === undefined ? '' : ` with ${value}`, rootOf(params));
    return outcome.text;
  });
  if (op.performs) removed.forEach((line) => out.note(`removed: ${line}`));
}

async function recordList({ args: [zone], params, out }: CommandContext): Promise<void> {
  const { readDataText } = await import('./lib/tinydns/data-file.js');
  const { decodeLine, recordArgs, zoneOf } = await import('./lib/tinydns/records.js');
  const { parseDomainName } = await import('./lib/tinydns/validate.js');
  const wanted = zone === undefined ? undefined : parseDomainName(zone, 'zone');
  const records = readDataText(rootOf(params))
    .split('\n')
    .map((line) => decodeLine(line))
    .filter((r) => r !== undefined && (wanted === undefined || zoneOf(r.name, [wanted]) !== undefined));
  if (params.format === 'json') {
    out.json(records.map((r) => ({ ...r!, ttl: r!.ttl ?? null })));
    return;
  }
  for (const r of records) out.result(recordArgs(r!).map(shellWord).join(' '));
}

/** A word a shell reads back as itself, control characters included (bash $'…'). */
function shellWord(word: string): string {
  if (/^[A-Za-z0-9_\-+=.,:/@%^*]+$/.test(word)) return word;
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x1f\x7f]/.test(word)) return `'${word.replace(/'/g, `'\\''`)}'`;
  return "$'" + word.replace(/[\\'\x00-\x1f\x7f]/g, (c) => (c === '\\' || c === "'" ? '\\' + c : '\\' + c.charCodeAt(0).toString(8).padStart(3, '0'))) + "'";
}

async function zoneList({ params, out }: CommandContext): Promise<void> {
  const { readDataText } = await import('./lib/tinydns/data-file.js');
  const { listZones } = await import('./lib/tinydns/records.js');
  const zones = listZones(readDataText(rootOf(params)));
  if (params.format === 'json') out.json(zones);
  else zones.forEach((zone) => out.result(zone === '' ? '.' : zone));
}

async function dataCheck({ args: [file], params, out }: CommandContext): Promise<void> {
  const { checkDataFile, countErrors, formatDiagnostics } = await import('./lib/tinydns/data-check.js');
  const path = file ?? join(rootOf(params), 'data');
  if (!existsSync(path)) problem('no data file %s', path);
  // a device or a FIFO (/dev/zero) would be read forever
  if (!statSync(path).isFile()) problem('%s is not a regular file: expected a tinydns data file', path);
  const diagnostics = checkDataFile(path);
  const errors = countErrors(diagnostics);
  const warnings = diagnostics.length - errors;
  if (params.format === 'json') out.json(diagnostics);
  else out.write(formatDiagnostics(diagnostics));
  const counts = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  if (errors > 0) throw new Problem(`${path}: ${counts}`);
  out.note(`${path}: ${counts}`);
}

async function dataCompile({ params, op, out, force }: CommandContext): Promise<void> {
  const { checkDataFile, countErrors, formatDiagnostics } = await import('./lib/tinydns/data-check.js');
  const { compileData, dataPath, lockPath } = await import('./lib/tinydns/data-file.js');
  const root = rootOf(params);
  await op.withLock(lockPath(root), async () => {
    if (!existsSync(dataPath(root))) problem('no %s: set the service up first (-i setup IP)', dataPath(root));
    const diagnostics = checkDataFile(dataPath(root));
    const errors = countErrors(diagnostics);
    if (errors > 0) {
      out.diagnostic(formatDiagnostics(diagnostics.filter((d) => d.severity === 'error')));
      if (!force) problem('%s has %s error(s): fix them (-i dataCheck), or compile anyway with -f', dataPath(root), errors);
    }
    await op.protected(() => compileData(op, root));
  });
  if (op.performs) out.note(`compiled ${dataPath(root)} into ${join(root, 'data.cdb')}`);
}

async function dataEdit(context: CommandContext): Promise<void> {
  const { op, out, params, script } = context;
  const { visitFile } = await import('../framework/editor.js');
  const path = join(rootOf(params), 'data');
  if (!existsSync(path)) problem('no %s: set the service up first (-i setup IP)', path);
  const editor = await visitFile(op, path);
  if (editor === 'emacsclient') {
    out.note(`opened ${path} in Emacs; after saving: ${script.name} -i dataCheck && ${script.name} -i dataCompile`);
    return;
  }
  await dataCompile(context);
}

/** Type names tinydns-get's parsetype knows, plus srv (which it takes only as 33). */
const QUERY_TYPES: Record<string, string> = {
  a: 'a', ns: 'ns', cname: 'cname', soa: 'soa', ptr: 'ptr', hinfo: 'hinfo', mx: 'mx', txt: 'txt',
  rp: 'rp', sig: 'sig', key: 'key', aaaa: 'aaaa', axfr: 'axfr', any: 'any', srv: '33',
};

async function query({ args: [type, name], params, op, out }: CommandContext): Promise<void> {
  const { parseDomainName, parseNumber } = await import('./lib/tinydns/validate.js');
  const lower = type.toLowerCase();
  const queryType = Object.hasOwn(QUERY_TYPES, lower) ? QUERY_TYPES[lower] : String(parseNumber(type, 'query type', 65535));
  const answer = await op.run('tinydns-get', [queryType, parseDomainName(name)], { cwd: rootOf(params) });
  if (answer.ran) out.write(answer.stdout);
}
