// iim-dnscache: the caching resolver: clients, local resolutions bypass, file variables, logs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chapter, commandsFrom, defineScript, section, sourceFileOf } from '../framework/index.js';
import type { ExampleContext, ExampleItem } from '../framework/index.js';
import { readEnvVariable } from '../lib/daemontools/envdir.js';
import { sinceComplaint } from '../lib/dnscache/since.js';

// Command bodies by topic: listing examples evaluates none of them, a command only its own.
const lib = {
  setup: commandsFrom(() => import('./dnscache/setup.js')),
  client: commandsFrom(() => import('./dnscache/clients.js')),
  forward: commandsFrom(() => import('./dnscache/forwards.js')),
  env: commandsFrom(() => import('./dnscache/env.js')),
  resolv: commandsFrom(() => import('./dnscache/resolv.js')),
  query: commandsFrom(() => import('./dnscache/queries.js')),
};

/** The cache's IP for examples that run as printed: env/IP of this dir, else the lab's. */
const exampleIp = (dir: string) => readEnvVariable(join(dir, 'env'), 'IP') || '127.53.0.2';

/**
 * The local zone and its tinydns for examples that run as printed: the first domain this dir
 * already forwards (a lab's lab.test and its tinydns), else iim-tinydns's example.test on 127.53.0.1.
 */
function exampleZone(dir: string): { zone: string; tinydnsIp: string } {
  try {
    const servers = join(dir, 'root', 'servers');
    const zone = readdirSync(servers).filter((name) => name !== '@' && !name.startsWith('.') && !name.endsWith('.arpa')).sort()[0];
    const ip = zone && readFileSync(join(servers, zone), 'latin1').split('\n').map((l) => l.trim()).find((l) => l !== '');
    if (zone && ip) return { zone, tinydnsIp: ip };
  } catch {
    // no such directory: the defaults
  }
  return { zone: 'example.test', tinydnsIp: '127.53.0.1' };
}

function examples({ cmd, line, params }: ExampleContext): ExampleItem[] {
  const ip = exampleIp(params.dir);
  const { zone, tinydnsIp } = exampleZone(params.dir);
  return [
    chapter('Setup'),
    cmd(['-i', 'setup', ip], `dnscache-conf into ${params.dir}, linked into ${params.serviceDir}`),
    cmd(['-f', '-i', 'setup', ip], 'the same over an existing (stopped) service directory'),
    cmd('-i status', 'supervise status of the cache and its log, IP, clients, forwards'),
    cmd('-p format=json -i status'),
    line(['svstat', params.dir, join(params.dir, 'log')], 'the same through daemontools'),
    cmd('-i cacheFlush', 'restart the cache (svc -t): it starts empty'),
    chapter('Clients'),
    cmd('-i clientList', 'the prefixes in root/ip: who may ask'),
    cmd('-i clientAllow 127', 'every loopback address (127.0.0.0/8)'),
    cmd('-i clientAllow 10.0.2', 'a /24: prefixes are whole octets'),
    cmd('-i clientDeny 10.0.2'),
    chapter('Local resolutions bypass'),
    cmd(['-i', 'forwardAdd', zone, tinydnsIp], `send ${zone} to the local tinydns (restarts a running cache)`),
    cmd(['-i', 'forwardAdd', '2.0.10.in-addr.arpa', tinydnsIp], 'and its reverse zone'),
    cmd('-i forwardList', 'root/servers: each domain and its servers'),
    cmd(['-i', 'forwardRemove', zone]),
    cmd(['-i', 'forwardSet', '@', tinydnsIp], 'closed lab: the local tinydns as the only root server'),
    section('Forwarding to another cache'),
    cmd(['-i', 'forwardSet', '@', '10.0.2.53'], 'root/servers/@ then lists caches, not roots'),
    cmd('-i forwardOnly yes', 'FORWARDONLY: ask the servers in @ recursively'),
    cmd('-i forwardOnly no'),
    chapter('File variables'),
    cmd('-i envList', 'IP, IPSEND, CACHESIZE, DATALIMIT, ROOT, FORWARDONLY'),
    cmd('-i envGet CACHESIZE'),
    cmd('-i envSet DATALIMIT 12000000', 'raise the data limit first ...'),
    cmd('-i envSet CACHESIZE 10000000', '... then the cache (DATALIMIT >= CACHESIZE + 2000000)'),
    cmd('-i envSet IPSEND 0.0.0.0'),
    cmd('-i envUnset FORWARDONLY'),
    cmd('-n showOnly -i envSet CACHESIZE 3000000', 'what would be done, nothing done'),
    chapter('resolv.conf'),
    cmd('-i resolvConf', `nameserver ${ip} in ${params.resolvConf}, with a timestamped backup beside it`),
    cmd(['-p', 'resolvConf=/tmp/resolv.conf', '-i', 'resolvConf'], 'try it on a copy first'),
    cmd('-i resolvConfRestore', 'put the newest backup back'),
    chapter('Queries'),
    cmd(['-i', 'query', `www.${zone}`], 'dnsip through this cache; exit 1: no such name, or no A record'),
    cmd(['-i', 'query', zone, 'mx'], 'dnsqr for any other type'),
    cmd(['-i', 'query', '10.0.2.1'], 'dnsname: the PTR of an address'),
    line(['env', `DNSCACHEIP=${ip}`, 'dnsip', `www.${zone}`], 'the same by hand'),
    chapter('Many hosts'),
    cmd('-p hosts=@dns -i status', 'each cache of group dns over ssh: one "== HOST ==" block per host'),
    cmd(['-p', 'hosts=ns1,ns2', '-i', 'forwardAdd', zone, '10.0.2.53'], 'the same change on each host; exit 1 names the hosts that failed'),
    cmd('-n showOnly -p hosts=@dns -i clientAllow 10.0.2', "each host's plan, nothing changed anywhere"),
    chapter('Logs'),
    cmd('-i logStats', 'queries per client, types, top names, stats, errors'),
    cmd('-i logStats 10000', 'the last 10000 lines only'),
    cmd('-p logs=all -i logStats', 'the rotated files too, oldest first'),
    cmd('-p logs=all -p since=1h -i logStats', 'the last hour only (found by binary search, not read)'),
    cmd('-p format=json -i logStats'),
  ];
}

export default defineScript({
  name: 'iim-dnscache',
  brief: 'dnscache: clients, forwarders, file variables, resolv.conf, logs',
  describe: `
Control of the real dnscache through daemontools: which clients it answers
(root/ip), local resolutions bypass (root/servers), file variables (env/),
the resolver file, and a summary of its log. Every value is checked before a
file is written; dnscache reads env/ and root/servers only at start, so a change
to a running, supervised cache restarts it (svc -t).`,
  sourceFile: sourceFileOf(import.meta.url),
  panel: 'dnscache',
  params: {
    dir: { describe: 'the dnscache service directory (env/, root/ip, root/servers, log/)', default: '/etc/dnscache' },
    serviceDir: { describe: 'where setup links the service', default: '/etc/service' },
    resolvConf: { describe: 'the resolver file to point at this cache', default: '/etc/resolv.conf' },
    account: { describe: 'the account dnscache runs as (setup creates it if missing)', default: 'dnscache', validate: accountComplaint },
    logAccount: { describe: 'the account multilog runs as (setup creates it if missing)', default: 'dnslog', validate: accountComplaint },
    logs: { describe: 'logStats: current only, or all (the rotated @….s files too, oldest first)', default: 'current', choices: ['current', 'all'] },
    since: { describe: 'logStats: only lines stamped from TIME on: how long ago (90s, 30m, 2h, 1d) or a local time "2026-11-25 14:00"; empty: all', default: '', validate: sinceComplaint },
  },
  packages: {
    'dnscache-conf': 'djbdns-conf',
    dnscache: 'dnscache',
    dnsip: 'djbdns-utils',
    dnsqr: 'djbdns-utils',
    dnsname: 'djbdns-utils',
    svc: 'daemontools',
    useradd: 'passwd',
  },
  examples,
  commands: {
    setup: {
      describe: 'Create the service with dnscache-conf (creating its accounts if missing) and link it into serviceDir. An existing dir is refused without -f.',
      args: ['IP'],
      root: true,
      needs: ['dnscache-conf', 'dnscache'],
      run: lib.setup('setup'),
    },
    status: {
      describe: 'Supervise status of the cache and its log (as svstat), its IP, clients and forwarded domains.',
      report: true,
      run: lib.setup('status'),
    },
    cacheFlush: {
      describe: 'Empty the cache by restarting dnscache (svc -t); it must run under supervise.',
      needs: ['svc'],
      run: lib.setup('cacheFlush'),
    },
    clientAllow: {
      describe: 'Answer clients whose address starts with PREFIX (1 to 4 whole octets: 127, 10.0.2, 192.168.1.7): root/ip/PREFIX.',
      args: ['PREFIX'],
      run: lib.client('clientAllow'),
    },
    clientDeny: {
      describe: 'Stop answering PREFIX: remove root/ip/PREFIX (a shorter prefix may still allow its clients: said so).',
      args: ['PREFIX'],
      run: lib.client('clientDeny'),
    },
    clientList: {
      describe: 'List the client prefixes in root/ip.',
      run: lib.client('clientList'),
    },
    forwardAdd: {
      describe: 'Send queries for DOMAIN (and below) to these servers: add the IPs to root/servers/DOMAIN; restarts a running cache.',
      args: ['DOMAIN', 'IP...'],
      needs: ['svc'],
      run: lib.forward('forwardAdd'),
    },
    forwardSet: {
      describe: 'Replace the servers of DOMAIN (@: the root servers) with these IPs; restarts a running cache.',
      args: ['DOMAIN', 'IP...'],
      needs: ['svc'],
      run: lib.forward('forwardSet'),
    },
    forwardRemove: {
      describe: 'Resolve DOMAIN through the roots again: remove root/servers/DOMAIN (never @); restarts a running cache.',
      args: ['DOMAIN'],
      needs: ['svc'],
      run: lib.forward('forwardRemove'),
    },
    forwardList: {
      describe: 'List root/servers: each domain (@: the roots) with its servers.',
      run: lib.forward('forwardList'),
    },
    forwardOnly: {
      describe: 'yes: treat the servers in root/servers as caches and ask them recursively (env/FORWARDONLY); no: as authoritative servers.',
      args: ['yes|no'],
      needs: ['svc'],
      run: lib.forward('forwardOnly'),
    },
    envList: {
      describe: 'List the file variables in env/ as envdir sets them.',
      run: lib.env('envList'),
    },
    envGet: {
      describe: 'Print the value of VAR (IP, IPSEND, CACHESIZE, DATALIMIT, ROOT, FORWARDONLY).',
      args: ['VAR'],
      run: lib.env('envGet'),
    },
    envSet: {
      describe: 'Set VAR to VALUE after checking it (IPs are IPs, sizes are numbers, DATALIMIT >= CACHESIZE + 2000000); restarts a running cache.',
      args: ['VAR', 'VALUE'],
      needs: ['svc'],
      run: lib.env('envSet'),
    },
    envUnset: {
      describe: 'Remove VAR from env/ (only FORWARDONLY: dnscache refuses to start without the others); restarts a running cache.',
      args: ['VAR'],
      needs: ['svc'],
      run: lib.env('envUnset'),
    },
    resolvConf: {
      brief: 'Point the resolver file (-p resolvConf=FILE) at this cache, keeping the old one as a backup',
      describe: 'Point the resolver file (-p resolvConf=FILE) at this cache: one nameserver line with its IP; search, domain and options lines stay; the old file is kept as FILE.iim-dnscache-STAMP.',
      confirm: 'rewrites the resolver file of this machine (-p resolvConf)',
      run: lib.resolv('resolvConf'),
    },
    resolvConfRestore: {
      describe: 'Put back the newest backup made by resolvConf (or BACKUP), which is then gone.',
      args: ['[BACKUP]'],
      run: lib.resolv('resolvConfRestore'),
    },
    query: {
      brief: 'Look NAME up through this cache (DNSCACHEIP=its IP) with dnsip, dnsqr or dnsname',
      describe: 'Look NAME up through this cache (DNSCACHEIP=its IP): TYPE a (default) with dnsip, others with dnsqr; an IPv4 NAME without TYPE with dnsname.',
      args: ['NAME', '[TYPE]'],
      needs: ['dnsip', 'dnsqr', 'dnsname'],
      run: lib.query('query'),
    },
    logStats: {
      brief: "Summarise the cache's log: queries per client, query types, top names, line kinds, errors",
      describe: 'Summarise log/main/current, with -p logs=all the rotated files before it too, with -p since=TIME the lines from then on (the last LINES lines when given): queries per client (hex IPs decoded), query types, top names, line kinds, last stats line, errors.',
      args: ['[LINES]'],
      report: true,
      run: lib.query('logStats'),
    },
  },
});

function accountComplaint(value: string): string | undefined {
  return /^[a-z_][a-z0-9_-]{0,31}$/.test(value) ? undefined : 'expected an account name (lowercase letters, digits, "_", "-")';
}
