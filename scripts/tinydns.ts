// iim-tinydns: authoritative DNS data by scripting, over the real tinydns.
import { join } from 'node:path';
import { chapter, commandsFrom, defineScript, section, sourceFileOf } from '../framework/index.js';
import type { ExampleContext, ExampleItem } from '../framework/index.js';
import { readEnvVariable } from '../lib/daemontools/envdir.js';

// Command bodies, one file per topic, loaded when their command runs.
const setup = commandsFrom(() => import('./tinydns/setup.js'));
const records = commandsFrom(() => import('./tinydns/records.js'));
const data = commandsFrom(() => import('./tinydns/data.js'));
const queries = commandsFrom(() => import('./tinydns/query.js'));
const state = commandsFrom(() => import('./tinydns/status.js'));
const zones = commandsFrom(() => import('./tinydns/zones.js'));
const secondaries = commandsFrom(() => import('./tinydns/secondaries.js'));
const axfr = commandsFrom(() => import('./tinydns/axfr.js'));

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
    cmd(['-i', 'recordAdd', 'alias', 'intra.example.test', '10.0.2.8', 'location=in'], 'only for the clients of a "%in:PREFIX" line'),
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
    cmd(['-i', 'recordImport', '/tmp/example.test.records'], "recordList's lines (made by: iim-tinydns -i recordList example.test > /tmp/example.test.records): one compile"),
    cmd(['-i', 'recordRemove', 'alias', 'web.example.test']),
    cmd(['-i', 'recordRemove', 'alias', 'intra.example.test', '10.0.2.8'], 'only the line with this IP'),
    chapter('Zones in and out (BIND, NSD, Knot)'),
    cmd(['-i', 'zoneImport', '/tmp/example.test.zone'], 'a master file: its SOA becomes a Z line, every problem as FILE:LINE:'),
    cmd(['-i', 'zoneImport', '-', 'example.test'], 'from standard input; relative names under example.test'),
    cmd(['-p', 'includeAnywhere=yes', '-i', 'zoneImport', '/tmp/example.test.zone'], '$INCLUDE may leave the directory of the file'),
    cmd(['-p', 'zoneMode=add', '-i', 'zoneImport', '/tmp/example.test.zone'], "beside the zone's lines in data, not instead of them"),
    cmd(['-i', 'zoneExport', 'example.test'], 'the zone as tinydns serves it, as a master file named-checkzone accepts'),
    cmd(['-i', 'zoneTransfer', 'example.test', '127.53.0.9'], 'AXFR from a running server (axfr-get), one change, one compile'),
    chapter('Checking and compiling'),
    cmd('-i dataCheck', `every error of ${root}/data as FILE:LINE: message`),
    cmd(['-i', 'dataCheck', '/tmp/data.new'], `check another file before it goes live (a copy to edit: cp ${root}/data /tmp/data.new)`),
    cmd('-i dataCompile', 'tinydns-data in root/'),
    cmd('-i status', 'lines, zones, whether data.cdb is compiled from data, whether it runs'),
    cmd('-i dataEdit', 'edit root/data in the editor, then check and compile'),
    cmd('-n showOnly -i recordAdd host new.example.test 10.0.2.7', 'what would be done, nothing done'),
    chapter('Queries'),
    cmd(['-i', 'query', 'a', 'www.example.test'], 'tinydns-get against data.cdb'),
    cmd(['-i', 'query', 'ptr', '1.2.0.10.in-addr.arpa']),
    cmd(['-i', 'query', 'srv', '_sip._udp.example.test']),
    line(['dnsq', 'a', 'www.example.test', ip], 'ask the running tinydns over UDP'),
    chapter('Secondaries over ssh'),
    cmd(['-i', 'secondaryAdd', 'ns2.example.test', '10.0.3.53'], 'every compile is pushed to it; its tinydns answers on 10.0.3.53'),
    cmd(['-i', 'secondaryAdd', 'root@ns3.example.test'], 'an ssh destination; the IP asked is the one in its env/IP'),
    cmd('-i secondaryList'),
    cmd(['-i', 'recordAdd', 'host', 'mail.example.test', '10.0.2.25'], 'then one line per secondary: "ns2.example.test: serial N, answering"'),
    cmd(['-p', 'sshConfig=/etc/iim/ssh_config', '-p', 'secondaryDir=/var/lib/tinydns', '-i', 'secondaryPush'], 'push now (ssh -F CONFIG), into another dir there'),
    cmd('-i secondaryStatus', "each secondary's serial against ours, and whether sample answers match"),
    cmd(['-i', 'secondaryRemove', 'ns2.example.test']),
    chapter('AXFR secondaries (BIND, NSD, Knot)'),
    cmd(['-i', 'axfrSetup', ip], `axfrdns-conf into ${params.axfrDir}: zone transfers and DNS over TCP from the same data.cdb`),
    cmd(['-i', 'axfrAllow', '10.0.3.54', 'example.test', '2.0.10.in-addr.arpa'], 'tcp rule 10.0.3.54:allow,AXFR="example.test/2.0.10.in-addr.arpa", compiled'),
    cmd(['-i', 'axfrDeny', '10.0.3.54']),
    cmd(['-i', 'notifyAdd', '10.0.3.54', 'example.test'], 'after every compile: a DNS NOTIFY, so it pulls the zone at once'),
    cmd('-i notifyList'),
    cmd(['-i', 'notifyRemove', '10.0.3.54']),
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
    includeAnywhere: { describe: 'zoneImport: $INCLUDE may name files outside the directory of the zone file', default: 'no', choices: ['no', 'yes'] },
    zoneMode: { describe: "zoneImport, zoneTransfer: replace the zone's lines in data, or add the records beside them", default: 'replace', choices: ['replace', 'add'] },
    logAccount: { describe: 'the account multilog runs as (setup creates it if missing)', default: 'dnslog', validate: accountComplaint },
    axfrDir: { describe: 'the axfrdns service directory axfrSetup makes (run, env/, tcp rules)', default: '/etc/axfrdns' },
    axfrAccount: { describe: 'the account axfrdns runs as', default: 'axfrdns', validate: accountComplaint },
    secondaryDir: { describe: 'the tinydns service directory on the secondaries (the push writes its root/data)', default: '/etc/tinydns' },
  },
  packages: {
    'tinydns-conf': 'djbdns-conf',
    'tinydns-data': 'tinydns',
    'tinydns-get': 'tinydns',
    useradd: 'passwd',
    'axfr-get': 'axfrdns',
    tcpclient: 'ucspi-tcp',
    ssh: 'openssh-client',
    dnsq: 'djbdns-utils',
    'axfrdns-conf': 'djbdns-conf',
    axfrdns: 'axfrdns',
    tcprules: 'ucspi-tcp',
  },
  examples,
  commands: {
    setup: {
      describe: 'Create the service with tinydns-conf (creating its accounts if missing) and link it into serviceDir. An existing dir is refused without -f.',
      args: ['IP'],
      root: true,
      needs: ['tinydns-conf', 'tinydns-data'],
      run: setup('setup'),
    },
    recordAdd: {
      describe: `Add a record, then compile. KIND ARGS: ns ZONE IP [NAME] (ZONE "." is the root), childns ZONE IP [NAME],
host NAME IP [TTL] (A + PTR), alias NAME IP [TTL] (A only), mx DOMAIN IP [DISTANCE] [NAME], cname NAME TARGET [TTL],
txt NAME TEXT [TTL], ptr NAME|IP TARGET [TTL], srv NAME TARGET PORT [PRIORITY] [WEIGHT] [TTL], aaaa NAME IPV6 [TTL];
then optionally ttl=N (the TTL of ns, childns, mx), location=LO (served only to the clients of a "%LO:prefix" line),
timestamp=TAI64 (16 hex digits). Adding a record that is already there changes nothing. Refused: an IP octet with a
leading zero (010: tinydns-data reads it as decimal 10), a CNAME to itself, a CNAME beside other data of its name or
other data beside a CNAME (RFC 1034 §3.6.2), a TXT over 32496 bytes (tinydns never answers it); a TXT whose answer
exceeds 512 bytes is added with a warning (truncated over UDP: it needs TCP, axfrdns). A root/data newer than
data.cdb (a change never compiled) is compiled with the change; a root/data with CR line ends, or that is a symbolic
link (or root/ is), is refused.`,
      args: ['KIND', 'ARGS...'],
      needs: ['tinydns-data'],
      protectedSections: true,
      run: records('recordAdd'),
    },
    recordImport: {
      brief: 'Add the records of FILE (- for standard input), one per line as recordList prints them: all checked, then one compile',
      describe: `Add the records of FILE (- for standard input), one per line as recordList prints them
(recordAdd's words, ttl=/location=/timestamp= included, quoted as bash reads them; "raw LINE" copies a data line
as it is once dataCheck finds no error in it; blank lines and # comments skipped; $, backquotes and shell
operators are refused rather than read differently from bash): every line is checked first, CNAME clashes
included (errors as FILE:LINE:, and then nothing changes), then one locked change and one compile.`,
      args: ['FILE'],
      needs: ['tinydns-data'],
      protectedSections: true,
      run: records('recordImport'),
    },
    recordRemove: {
      describe: 'Remove the KIND records of NAME (only the one with VALUE: its IP, target, text or server, when given), then compile.',
      args: ['KIND', 'NAME', '[VALUE]'],
      needs: ['tinydns-data'],
      protectedSections: true,
      run: records('recordRemove'),
    },
    recordList: {
      describe: `List the records (of ZONE and names below it) as recordAdd arguments, which recordImport reads back.
With ttl=, location= and timestamp= words where the line has them; a line those words cannot make again (a Z or generic line, a "%"
location line, which every ZONE lists) as "raw 'LINE'". json: kind, name, value,
ttl, location, timestamp; {kind: "raw", line} for raw lines.`,
      args: ['[ZONE]'],
      run: records('recordList'),
    },
    zoneImport: {
      brief: 'Import an RFC 1035 master file (BIND, NSD, Knot; - for standard input): every line checked, then one locked change and one compile',
      describe: `Import an RFC 1035 master file (BIND, NSD, Knot; - for standard input): $ORIGIN, $TTL, $INCLUDE (relative
to the file, inside its directory unless includeAnywhere=yes), @, relative names, omitted owner, TTL and class,
parentheses, comments, quoted strings with \\DDD and \\X escapes. ZONE (default: the owner of the SOA) is the first
origin; data outside it is refused. SOA becomes a Z line (serial, refresh, retry, expire and minimum kept), NS "&",
A "+", MX "@", CNAME "C", PTR "^", a TXT of one string up to 127 bytes "'"; AAAA, SRV, CAA, SPF, longer or
several-string TXT and any type in RFC 3597 form (TYPEnn \\# LEN HEX) become generic ":" lines. $GENERATE and
other classes than IN are refused. Every problem is reported as FILE:LINE: message and then nothing changes;
else one locked change and one compile (recordImport's path). The zone's lines already in data (names at or below
ZONE, except those of another zone served here) are replaced by the file's in that change: a line in both stays
where it is, the others go, so importing the same file again changes nothing; other zones' lines stay as they are.
zoneMode=add keeps the old lines and adds the file's beside them.`,
      args: ['FILE', '[ZONE]'],
      needs: ['tinydns-data'],
      run: zones('zoneImport'),
    },
    zoneExport: {
      brief: 'Print ZONE as a master file that named-checkzone accepts, the records tinydns derives included',
      describe: `Print ZONE as a master file: every record tinydns serves for it from data.cdb, the ones it derives
included (SOA and NS of "." lines, the A of a.ns.ZONE, PTRs of "=" lines in a reverse zone), SOA first, then names
in canonical order; below a delegation, only its NS and glue. Records with a location or a timestamp have no
master-file form: left out, with a warning each.`,
      args: ['ZONE'],
      run: zones('zoneExport'),
    },
    zoneTransfer: {
      brief: 'Import ZONE from the server at IP SERVER by AXFR (axfr-get): its lines checked, then one locked change and one compile',
      describe: "Import ZONE from the server at IP SERVER by AXFR over TCP (djbdns axfr-get under tcpclient): its lines are checked, then one locked change and one compile, replacing the zone's lines in data as zoneImport does (zoneMode=add: beside them).",
      args: ['ZONE', 'SERVER'],
      needs: ['tinydns-data', 'axfr-get', 'tcpclient'],
      run: zones('zoneTransfer'),
    },
    zoneList: {
      describe: 'List the zones this server is authoritative for (its ns and SOA lines).',
      run: records('zoneList'),
    },
    dataCheck: {
      describe: `Check every line of FILE (default root/data): every error as FILE:LINE: message, warnings labelled; exit 1 on any error.
For root/data, a data.cdb older than it (the last change was not compiled) is a warning: see status.`,
      args: ['[FILE]'],
      run: data('dataCheck'),
    },
    dataCompile: {
      describe: 'Check root/data, then compile it with tinydns-data (which replaces data.cdb atomically). -f compiles despite errors.',
      needs: ['tinydns-data'],
      protectedSections: true,
      run: data('dataCompile'),
    },
    dataEdit: {
      describe: 'Open root/data in the editor (emacsclient, $VISUAL or $EDITOR); after a waiting editor, check and compile.',
      needs: ['tinydns-data'],
      protectedSections: true,
      run: data('dataEdit'),
    },
    status: {
      describe: `Show root/data's lines and zones, whether data.cdb is compiled from it, and whether the service is supervised.
Exit 1 when data.cdb is older than data (the last change was not compiled) or missing.`,
      run: state('status'),
    },
    secondaryAdd: {
      describe: `Make HOST (an ssh destination, [user@]host) a secondary that every compile is pushed to.
After each compile, root/data is copied there over ssh (ssh -F sshConfig when given, BatchMode) into secondaryDir
and compiled by its own tinydns-data with the primary's serial; then its tinydns (on IP, default its env/IP) must
answer the zone's SOA with the primary's serial. Kept as the file secondaries/HOST of the service directory (holding IP).`,
      args: ['HOST', '[IP]'],
      run: secondaries('secondaryAdd'),
    },
    secondaryList: {
      describe: 'List the secondaries: HOST IP, and how many changes each is behind. json: host, ip, behind.',
      run: secondaries('secondaryList'),
    },
    secondaryRemove: {
      describe: 'Stop pushing to HOST (its tinydns keeps the data it has).',
      args: ['HOST'],
      run: secondaries('secondaryRemove'),
    },
    secondaryPush: {
      describe: `Push root/data to every secondary now, in parallel, and check each one's SOA serial.
One line per secondary; exit 1 when any is behind. This catches up a secondary that was down during a change.`,
      needs: ['ssh', 'dnsq', 'tinydns-get'],
      run: secondaries('secondaryPush'),
    },
    secondaryStatus: {
      describe: `Compare each secondary's answers (dnsq) with the primary's (tinydns-get): its serial, and a sample of names.
Exit 1 when any differs or does not answer.`,
      needs: ['dnsq', 'tinydns-get'],
      run: secondaries('secondaryStatus'),
    },
    axfrSetup: {
      describe: `Create axfrdns beside tinydns (axfrdns-conf into axfrDir, on IP, TCP port 53) and link it into serviceDir.
axfrdns answers zone transfers (AXFR) and DNS over TCP from tinydns's root/data.cdb (answers over 512 bytes, long TXT);
its tcp rules allow no one until axfrAllow. An existing axfrDir is refused without -f.`,
      args: ['IP'],
      root: true,
      needs: ['axfrdns-conf', 'axfrdns', 'tcprules'],
      run: axfr('axfrSetup'),
    },
    axfrAllow: {
      describe: 'Let IP transfer ZONEs (added to those it may): the tcp rule IP:allow,AXFR="zone1/zone2", compiled with tcprules.',
      args: ['IP', 'ZONE...'],
      needs: ['tcprules'],
      run: axfr('axfrAllow'),
    },
    axfrDeny: {
      describe: "Remove IP's rule: it may transfer no zone (compiled with tcprules).",
      args: ['IP'],
      needs: ['tcprules'],
      run: axfr('axfrDeny'),
    },
    notifyAdd: {
      describe: `Send a DNS NOTIFY (RFC 1996) for each ZONE to IP after every compile, so that AXFR secondary pulls at once.
axfrdns never sends NOTIFY; without it a secondary sees a change at its next SOA refresh. Kept as the file notify/IP (its zones).`,
      args: ['IP', 'ZONE...'],
      run: axfr('notifyAdd'),
    },
    notifyList: {
      describe: 'List the AXFR secondaries that get a NOTIFY: IP and zones. json: ip, zones.',
      run: axfr('notifyList'),
    },
    notifyRemove: {
      describe: 'Send IP no more NOTIFY.',
      args: ['IP'],
      run: axfr('notifyRemove'),
    },
    query: {
      describe: 'Ask the compiled data.cdb with tinydns-get: TYPE is a, ns, mx, ptr, txt, cname, soa, aaaa, srv, any or a number.',
      args: ['TYPE', 'NAME'],
      needs: ['tinydns-get'],
      run: queries('query'),
    },
  },
});

function accountComplaint(value: string): string | undefined {
  return /^[a-z_][a-z0-9_-]{0,31}$/.test(value) ? undefined : 'expected an account name (lowercase letters, digits, "_", "-")';
}
