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
const acme = commandsFrom(() => import('./tinydns/acme.js'));
const dyndnsSetup = commandsFrom(() => import('./tinydns/dyndns-setup.js'));
const dyndnsServe = commandsFrom(() => import('./tinydns/dyndns-serve.js'));
const dyndnsAccounts = commandsFrom(() => import('./tinydns/dyndns-accounts.js'));

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
    section('SOA, split horizon, timestamps, CAA, any type'),
    cmd(['-i', 'recordAdd', 'soa', 'corp.test', 'ns1.corp.test', 'hostmaster@corp.test', '2026120101'], 'a Z line: an SOA of your own (serial, timers) ...'),
    cmd(['-i', 'recordAdd', 'childns', 'corp.test', ip, 'ns1.corp.test'], '... and its NS as a childns line (an ns line makes an SOA of its own)'),
    cmd(['-i', 'recordAdd', 'location', 'in', '10.0'], 'clients 10.0.*.* are in location "in" (a % line)'),
    cmd(['-i', 'recordAdd', 'location', 'ex', '-'], 'every other client is in "ex"'),
    cmd(['-i', 'recordAdd', '-p', 'location=in', 'alias', 'portal.example.test', '10.0.2.80'], 'what "in" is answered'),
    cmd(['-i', 'recordAdd', '-p', 'location=ex', 'alias', 'portal.example.test', '192.0.2.80'], 'and everyone else'),
    cmd(['-i', 'recordAdd', '-p', 'ttd=2026-12-31', 'alias', 'promo.example.test', '10.0.2.90'], 'gone at 2026-12-31T00:00:00Z'),
    cmd(['-i', 'recordAdd', 'alias', 'promo.example.test', '10.0.2.91', 'start=2026-12-31'], 'and its successor from then on'),
    cmd(['-i', 'recordAdd', 'caa', 'example.test', '0', 'issue', 'letsencrypt.org'], 'only this CA may issue (type 257)'),
    cmd(['-i', 'recordAdd', 'generic', 'example.test', '99', '\\# 3 026869'], 'any type in RFC 3597 form'),
    cmd(['-i', 'recordRemove', 'location', 'ex']),
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
    chapter('Many hosts'),
    cmd('-p hosts=@dns -i status', 'each tinydns of group dns over ssh: one "== HOST ==" block per host'),
    cmd('-p hosts=ns1,ns2 -p format=json -i dataCheck', 'one JSON object per host: host, status, stdout, stderr'),
    cmd('-n showOnly -p hosts=@dns -i recordAdd host new.example.test 10.0.2.7', "each host's plan, nothing changed anywhere"),
    chapter('Secondaries over ssh'),
    cmd(['-i', 'secondaryAdd', 'ns2.example.test', '10.0.3.53'], 'every compile is pushed to it; its tinydns answers on 10.0.3.53'),
    cmd(['-i', 'secondaryAdd', 'root@ns3.example.test'], 'an ssh destination; the IP asked is the one in its env/IP'),
    cmd(['-p', 'inventory=/etc/iim/hosts', '-i', 'secondaryAdd', '@dns'], 'each host of the group [dns], reached as the inventory says'),
    cmd(['-i', 'secondaryAdd', '@dns', '10.0.3.53', '10.0.4.53'], 'one IP per host of the group, in its order'),
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
    chapter('ACME DNS-01 certificates'),
    cmd(['-i', 'acmeChallengeSet', 'example.test', 'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0'], 'TXT _acme-challenge.example.test, TTL 60; returns once every server of the zone answers it'),
    cmd(['-i', 'acmeChallengeSet', '*.example.test', 'xjO2dZQYpsrUFn0oCr1-cw8bc4xW6kK79zkyNcYiSkM'], 'a wildcard: one more value beside the base name\'s'),
    cmd(['-p', 'acmeWait=300', '-i', 'acmeChallengeSet', '_acme-challenge.example.test.', 'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0'], "the record's own name as lego gives it; wait up to 300 s"),
    cmd(['-i', 'acmeChallengeClear', 'example.test', 'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0'], 'only this value; clearing what is not there is no error'),
    cmd(['-i', 'acmeChallengeClear', 'example.test'], 'every value of _acme-challenge.example.test'),
    chapter('Dynamic DNS (dyndns2, ddclient)'),
    cmd(['-i', 'dyndnsSetup', ip, '8245'], `the update service in ${params.dyndnsDir} (iim-daemontools svcCreate), on http://${ip}:8245/nic/update`),
    cmd(['-i', 'dyndnsAccountAdd', 'home', 'home.dyn.example.test'], 'a password made and printed once; home may update only that name'),
    cmd(['-p', 'password=stdin', '-i', 'dyndnsAccountAdd', 'office', 'office.dyn.example.test', 'vpn.dyn.example.test'], 'the password from standard input (echo PASSWORD | …)'),
    cmd('-i dyndnsAccountList'),
    cmd(['-i', 'dyndnsAccountRemove', 'office'], 'its records stay'),
    line(['curl', '-u', 'home:PASSWORD', `http://${ip}:8245/nic/update?hostname=home.dyn.example.test&myip=10.0.2.77`], 'what ddclient sends; answers "good 10.0.2.77" once compiled'),
    line(['ddclient', '-foreground', '-daemon=0', '-force', '-file', '/etc/ddclient.conf'], 'protocol=dyndns2, server=IP:8245, ssl=no, login=, password= (README: Dynamic DNS)'),
    cmd(['-i', 'dyndnsServe'], `what ${join(params.dyndnsDir, 'run')} runs, under envdir ./env and setuidgid`),
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
    dyndnsDir: { describe: 'the dyndns2 service directory dyndnsSetup makes (run, env/, log/, accounts/)', default: '/etc/dyndns' },
    password: { describe: 'dyndnsAccountAdd: make a password and print it once, or read it from standard input', default: 'generate', choices: ['generate', 'stdin'] },
    dyndnsAccount: { describe: 'the account the dyndns2 service runs as (dyndnsSetup creates it if missing)', default: 'dyndns', validate: accountComplaint },
    secondaryDir: { describe: 'the tinydns service directory on the secondaries (the push writes its root/data)', default: '/etc/tinydns' },
    acmeTtl: { describe: 'acmeChallengeSet: the TTL of the _acme-challenge TXT records (seconds)', default: '60' },
    acmeWait: { describe: 'acmeChallengeSet/Clear: how long to wait for every authoritative server to answer (seconds)', default: '120' },
    location: { describe: 'recordAdd: serve the record only to the clients of this location code (a "%CODE:PREFIX" line); empty: to everyone', default: '' },
    ttd: { describe: 'recordAdd: the record ends at this date (2026-12-31, 2026-12-31T18:00Z: TTL 0 and a time-to-die stamp); empty: never', default: '' },
    start: { describe: 'recordAdd: the record is served from this date on (a time-to-live-from stamp); empty: now', default: '' },
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
    chgrp: 'coreutils',
    chown: 'coreutils',
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
txt NAME TEXT [TTL], ptr NAME|IP TARGET [TTL], srv NAME TARGET PORT [PRIORITY] [WEIGHT] [TTL], aaaa NAME IPV6 [TTL],
soa ZONE PRIMARY CONTACT [SERIAL] [REFRESH] [RETRY] [EXPIRE] [MINIMUM] (a Z line: an explicit SOA; CONTACT a name or
hostmaster@ZONE; no SERIAL: data's mtime; timers default to tinydns-data's 16384 2048 1048576 2560, TTL 2560),
location CODE IPPREFIX (a "%" line: clients whose IP starts with IPPREFIX, e.g. 10.1, are in CODE, 1 or 2 letters or
digits; "-": every client; the longest prefix wins), caa NAME FLAGS TAG VALUE [TTL] (type 257: 0 issue letsencrypt.org),
generic NAME TYPE DATA [TTL] (any type, DATA in RFC 3597 form: '\\# 4 0a000001'); then optionally ttl=N (the TTL of ns,
childns, mx, soa), location=LO or -p location=LO (served only to the clients of location LO), ttd=DATE or -p ttd=DATE
(the record ends then: TTL 0 and a time-to-die stamp; tinydns shortens the TTL as the end comes near), start=DATE or
-p start=DATE (not served before then), timestamp=TAI64 (16 hex digits, as written); DATE is 2026-12-31,
2026-12-31T18:00 (UTC) or with an offset (+01:00).
Adding a record that is already there changes nothing. Refused: an IP octet with a leading zero (010: tinydns-data reads it as decimal 10), a CNAME to itself, a CNAME beside other data of its name or
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
      brief: 'Remove the KIND records of NAME, or only the one with VALUE, then compile',
      describe: 'Remove the KIND records of NAME (a location: its CODE), only the one with VALUE when given (its IP, target, text, server, CAA tag or value, prefix), then compile.',
      args: ['KIND', 'NAME', '[VALUE]'],
      needs: ['tinydns-data'],
      protectedSections: true,
      run: records('recordRemove'),
    },
    recordList: {
      describe: `List the records (of ZONE and names below it) as recordAdd arguments, which recordImport reads back.
With ttl=, location=, ttd=DATE and start=DATE (timestamps as UTC dates) words where the line has them; CAA lines as caa,
other generic lines as generic NAME TYPE '\\# LEN HEX'; "%" location lines (which every ZONE lists) as location CODE
PREFIX; a line those words cannot make again as "raw 'LINE'". json: kind, name, value, ttl, location, timestamp (and
the fields of soa, caa and generic); {kind: "raw", line} for raw lines.`,
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
in canonical order; below a delegation, only its NS and glue. What BIND cannot say is said in a comment after the
record: a location (split horizon: a view per location in BIND; the head names the % lines), a time to die (written with the TTL tinydns serves
now) or a start; a record tinydns does not serve now (its time to die passed, its start to come) is written commented
out, with a warning.`,
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
      report: true,
      run: state('status'),
    },
    secondaryAdd: {
      describe: `Make HOST (an ssh destination, [user@]host) a secondary that every compile is pushed to.
After each compile, the change to root/data (all of it when the secondary has other data) goes there over ssh
(ssh -F sshConfig when given, BatchMode) into secondaryDir and is compiled by its own tinydns-data with the primary's
serial; then its tinydns (on IP, default its env/IP) must answer the zone's SOA with the primary's serial. Kept as
the file secondaries/HOST of the service directory (holding IP). HOST @GROUP: each host of that group of the
inventory (-p inventory=), reached as the inventory says (ansible_host, ansible_user, ansible_port); IP...: one per
host, in the group's order, or none (each one's env/IP, which every push reads there anyway).`,
      args: ['HOST', '[IP...]'],
      run: secondaries('secondaryAdd'),
    },
    secondaryList: {
      describe: 'List the secondaries: HOST IP, and how many changes each is behind. json: host, ip, behind.',
      run: secondaries('secondaryList'),
    },
    secondaryRemove: {
      describe: 'Stop pushing to HOST, or to each host of @GROUP of the inventory (its tinydns keeps the data it has).',
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
    acmeChallengeSet: {
      brief: 'ACME DNS-01: add the TXT _acme-challenge.NAME with each VALUE, compile, push; wait until every authoritative server answers',
      describe: `ACME DNS-01: add the TXT record _acme-challenge.NAME with each VALUE (TTL acmeTtl), compile, push to the
secondaries, then wait (up to acmeWait seconds) until every authoritative server of the zone answers every VALUE:
the zone's NS at the addresses data.cdb gives them, and the secondaries, asked over UDP; else exit 1 naming each server
that does not. NAME is a domain, a wildcard *.NAME (its challenge is NAME's) or _acme-challenge.NAME[.] as lego gives it.
A second Set with another value adds it beside the first (a wildcard and its base name); a value there already is kept.`,
      args: ['NAME', 'VALUE...'],
      needs: ['tinydns-data', 'tinydns-get'],
      protectedSections: true,
      run: acme('acmeChallengeSet'),
    },
    acmeChallengeClear: {
      brief: 'ACME DNS-01: remove the TXT _acme-challenge.NAME (only VALUE, when given), compile, push; wait until no server answers it',
      describe: `ACME DNS-01: remove the TXT record _acme-challenge.NAME with VALUE (every value when none is given), compile,
push, and wait until no authoritative server answers the removed values. Clearing what is not there is not an error.`,
      args: ['NAME', '[VALUE]'],
      needs: ['tinydns-data', 'tinydns-get'],
      protectedSections: true,
      run: acme('acmeChallengeClear'),
    },
    dyndnsSetup: {
      brief: 'Make the dyndns2 update service for ddclient (iim-daemontools svcCreate, multilog, settings in env/) on IP PORT',
      describe: `Make the dyndns2 update service for ddclient in dyndnsDir, listening on IP PORT, through iim-daemontools svcCreate
(run as dyndnsAccount, multilog log, settings as file variables in env/: TINYDNS, ACCOUNTS, IP, PORT, CERT and KEY
for HTTPS, WINDOW (ms updates are gathered into one compile, 100), MAXURL, MAXBODY, HEADERTIMEOUT, REQUESTTIMEOUT,
TTL, PERMINUTE, and SSHCONFIG, SECONDARYDIR for the push to the secondaries), linked into serviceDir. root/ and
secondary-behind/ of dir become writable by dyndnsAccount's group. GET
/nic/update?hostname=a,b&myip=IP (myipv6=, or myip=V4,V6) with Basic auth answers one line per hostname: good IP,
nochg IP, badauth, notfqdn (a bad or missing hostname), nohost (no account has it), !yours (another account's),
numhost (over 20), abuse (over PERMINUTE, or a request over MAXURL/MAXBODY), dnserr (a bad address, or tinydns-data
refused the change: data put back), 911 (a slow client, a server error). Only "+" and AAAA (generic type 28) lines
of the account's names are replaced; each answer comes once its change is compiled and pushed (a secondary left
behind is logged; the answer stays good). -f rewrites an existing service.`,
      args: ['IP', 'PORT'],
      root: true,
      needs: ['tinydns-data', 'useradd', 'chgrp', 'chown'],
      run: dyndnsSetup('dyndnsSetup'),
    },
    dyndnsServe: {
      brief: "Serve dyndns2 with the settings in env/ (what the service's run file runs)",
      describe: "Serve dyndns2 with the settings envdir sets from env/ (the service's run file runs it; see dyndnsSetup).",
      needs: ['tinydns-data'],
      run: dyndnsServe('dyndnsServe'),
    },
    dyndnsAccountAdd: {
      brief: 'Let account NAME update the A and AAAA of HOSTNAMEs; its password is made and printed once, or read',
      describe: `Let account NAME update HOSTNAMEs (A and AAAA): a password is made and printed once, or with
-p password=stdin read from the first line of standard input. Stored in dyndnsDir/accounts/NAME as a salted scrypt hash, mode 0600, owned by the service's
account. A hostname another account has is refused; an existing NAME needs -f.`,
      args: ['NAME', 'HOSTNAME...'],
      run: dyndnsAccounts('dyndnsAccountAdd'),
    },
    dyndnsAccountList: {
      describe: 'List the dyndns accounts and their hostnames. json: name, hostnames.',
      run: dyndnsAccounts('dyndnsAccountList'),
    },
    dyndnsAccountRemove: {
      describe: 'Remove account NAME: it can update nothing more (its records stay in root/data).',
      args: ['NAME'],
      run: dyndnsAccounts('dyndnsAccountRemove'),
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
