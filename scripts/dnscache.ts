// iim-dnscache: the caching resolver: clients, local resolutions bypass, file variables, logs.
import { existsSync, lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { chapter, defineScript, problem, section, sourceFileOf, usage } from '../framework/index.js';
import type { CommandContext, ExampleContext, ExampleItem } from '../framework/index.js';

const lib = {
  cacheDir: () => import('./lib/dnscache/cache-dir.js'),
  prefix: () => import('./lib/dnscache/prefix.js'),
  envVars: () => import('./lib/dnscache/env-vars.js'),
};

/** The cache's IP for examples that run as printed (env/IP of this dir, else the lab's). */
function exampleIp(dir: string): string {
  try {
    return readFileSync(join(dir, 'env', 'IP'), 'utf8').split('\n')[0] || '127.53.0.2';
  } catch {
    return '127.53.0.2';
  }
}

function examples({ cmd, line, params }: ExampleContext): ExampleItem[] {
  const ip = exampleIp(params.dir);
  const tinydnsIp = '127.53.0.1';
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
    cmd(['-i', 'forwardAdd', 'corp.test', tinydnsIp], 'send corp.test to the local tinydns (restarts a running cache)'),
    cmd(['-i', 'forwardAdd', '2.0.10.in-addr.arpa', tinydnsIp], 'and its reverse zone'),
    cmd('-i forwardList', 'root/servers: each domain and its servers'),
    cmd('-i forwardRemove corp.test'),
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
    cmd('-i query www.corp.test', 'dnsip through this cache'),
    cmd('-i query corp.test mx', 'dnsqr for any other type'),
    cmd(['-i', 'query', tinydnsIp], 'dnsname: the PTR of an address'),
    line(['env', `DNSCACHEIP=${ip}`, 'dnsip', 'www.corp.test'], 'the same by hand'),
    chapter('Logs'),
    cmd('-i logStats', 'queries per client, types, top names, stats, errors'),
    cmd('-i logStats 10000', 'the last 10000 lines only'),
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
      run: setup,
    },
    status: {
      describe: 'Supervise status of the cache and its log (as svstat), its IP, clients and forwarded domains.',
      run: status,
    },
    cacheFlush: {
      describe: 'Empty the cache by restarting dnscache (svc -t); it must run under supervise.',
      needs: ['svc'],
      run: cacheFlush,
    },
    clientAllow: {
      describe: 'Answer clients whose address starts with PREFIX (1 to 4 whole octets: 127, 10.0.2, 192.168.1.7): root/ip/PREFIX.',
      args: ['PREFIX'],
      run: clientAllow,
    },
    clientDeny: {
      describe: 'Stop answering PREFIX: remove root/ip/PREFIX (a shorter prefix may still allow its clients: said so).',
      args: ['PREFIX'],
      run: clientDeny,
    },
    clientList: {
      describe: 'List the client prefixes in root/ip.',
      run: clientList,
    },
    forwardAdd: {
      describe: 'Send queries for DOMAIN (and below) to these servers: add the IPs to root/servers/DOMAIN; restarts a running cache.',
      args: ['DOMAIN', 'IP...'],
      needs: ['svc'],
      run: (context) => forwardWrite(context, 'add'),
    },
    forwardSet: {
      describe: 'Replace the servers of DOMAIN (@: the root servers) with these IPs; restarts a running cache.',
      args: ['DOMAIN', 'IP...'],
      needs: ['svc'],
      run: (context) => forwardWrite(context, 'set'),
    },
    forwardRemove: {
      describe: 'Resolve DOMAIN through the roots again: remove root/servers/DOMAIN (never @); restarts a running cache.',
      args: ['DOMAIN'],
      needs: ['svc'],
      run: forwardRemove,
    },
    forwardList: {
      describe: 'List root/servers: each domain (@: the roots) with its servers.',
      run: forwardList,
    },
    forwardOnly: {
      describe: 'yes: treat the servers in root/servers as caches and ask them recursively (env/FORWARDONLY); no: as authoritative servers.',
      args: ['yes|no'],
      needs: ['svc'],
      run: forwardOnly,
    },
    envList: {
      describe: 'List the file variables in env/ as envdir sets them.',
      run: envList,
    },
    envGet: {
      describe: 'Print the value of VAR (IP, IPSEND, CACHESIZE, DATALIMIT, ROOT, FORWARDONLY).',
      args: ['VAR'],
      run: envGet,
    },
    envSet: {
      describe: 'Set VAR to VALUE after checking it (IPs are IPs, sizes are numbers, DATALIMIT >= CACHESIZE + 2000000); restarts a running cache.',
      args: ['VAR', 'VALUE'],
      needs: ['svc'],
      run: envSet,
    },
    envUnset: {
      describe: 'Remove VAR from env/ (only FORWARDONLY: dnscache refuses to start without the others); restarts a running cache.',
      args: ['VAR'],
      needs: ['svc'],
      run: envUnset,
    },
    resolvConf: {
      describe: 'Point the resolver file (-p resolvConf=FILE) at this cache: one nameserver line with its IP; search, domain and options lines stay; the old file is kept as FILE.iim-dnscache-STAMP.',
      run: resolvConf,
    },
    resolvConfRestore: {
      describe: 'Put back the newest backup made by resolvConf (or BACKUP), which is then gone.',
      args: ['[BACKUP]'],
      run: resolvConfRestore,
    },
    query: {
      describe: 'Look NAME up through this cache (DNSCACHEIP=its IP): TYPE a (default) with dnsip, others with dnsqr; an IPv4 NAME without TYPE with dnsname.',
      args: ['NAME', '[TYPE]'],
      needs: ['dnsip', 'dnsqr', 'dnsname'],
      run: query,
    },
    logStats: {
      describe: 'Summarise log/main/current (its last LINES lines when given): queries per client (hex IPs decoded), query types, top names, line kinds, last stats line, errors.',
      args: ['[LINES]'],
      run: logStats,
    },
  },
});

function accountComplaint(value: string): string | undefined {
  return /^[a-z_][a-z0-9_-]{0,31}$/.test(value) ? undefined : 'expected an account name (lowercase letters, digits, "_", "-")';
}

function accountExists(name: string): boolean {
  return readFileSync('/etc/passwd', 'utf8').split('\n').some((entry) => entry.split(':')[0] === name);
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

async function setup({ args: [ipArgument], params, op, out, force }: CommandContext): Promise<void> {
  const { validateIPv4 } = await lib.prefix();
  const { isSupervised, linkService } = await import('./lib/daemontools/control.js');
  const ip = validateIPv4(ipArgument);
  const dir = resolve(params.dir);
  const serviceDir = resolve(params.serviceDir);
  const link = join(serviceDir, basename(dir));
  if (existsSync(dir)) {
    if (!force) problem('%s exists: if you really want to replace it, specify -f', dir);
    if (isSupervised(dir)) problem('%s is running under supervise: stop it first (svc -dx %s %s/log)', dir, dir, dir);
  }
  const linked = lstatOrUndefined(link);
  const linkedHere = linked?.isSymbolicLink() === true && resolve(serviceDir, readlinkSync(link)) === dir;
  if (linked && !linkedHere && !force) problem('%s exists and is not a link to %s: if you really want to replace it, specify -f', link, dir);
  for (const account of [params.account, params.logAccount]) {
    if (accountExists(account)) continue;
    out.note(`creating the system account ${account} (dnscache-conf needs it)`);
    await op.run('useradd', ['-r', '-s', '/usr/sbin/nologin', '-d', '/nonexistent', account]);
  }
  if (existsSync(dir)) await op.remove(dir);
  await op.run('dnscache-conf', [params.account, params.logAccount, dir, ip]);
  await op.mkdir(serviceDir);
  if (!linkedHere) {
    if (linked) await op.remove(link);
    await linkService(op, dir, serviceDir);
  }
  if (op.performs) out.note(`dnscache for ${ip} in ${dir}, linked as ${link}: svscan starts it within 5 s; it answers 127.0.0.1 only (clientAllow PREFIX for more)`);
}

async function status({ params, out }: CommandContext): Promise<void> {
  const { cacheDirOf, listEntries, readEnvValue, readServers } = await lib.cacheDir();
  const { readServiceStatus } = await import('./lib/daemontools/supervise-status.js');
  const { statusLine, statusObject } = await import('./lib/daemontools/status-report.js');
  const cache = cacheDirOf(params.dir);
  if (!existsSync(cache.dir)) problem('no %s: set the cache up first (-i setup IP)', cache.dir);
  const supervise = readServiceStatus(cache.dir, cache.dir);
  const listOr = (path: string) => (existsSync(path) ? listEntries(path) : []);
  const facts = {
    ip: readEnvValue(cache.env, 'IP') ?? null,
    forwardOnly: readEnvValue(cache.env, 'FORWARDONLY') !== undefined,
    clients: listOr(cache.ip),
    forwards: Object.fromEntries(listOr(cache.servers).map((domain) => [domain, readServers(join(cache.servers, domain))])),
  };
  if (params.format === 'json') return out.json({ ...statusObject(supervise), ...facts });
  out.result(statusLine(supervise));
  out.result(`IP ${facts.ip ?? '(unset)'}; clients: ${facts.clients.join(' ') || '(none)'}; forwards: ${Object.keys(facts.forwards).join(' ') || '(none)'}${facts.forwardOnly ? '; FORWARDONLY' : ''}`);
}

async function cacheFlush({ params, op, out }: CommandContext): Promise<void> {
  const { cacheDirOf, restartIfRunning } = await lib.cacheDir();
  const { readServiceStatus } = await import('./lib/daemontools/supervise-status.js');
  const cache = cacheDirOf(params.dir);
  const now = readServiceStatus(cache.dir);
  if (!now.supervised || now.pid === 0) problem('dnscache in %s is not running under supervise: nothing cached to flush', cache.dir);
  await restartIfRunning(op, out, cache, 'it starts with an empty cache');
}

async function clientAllow({ args: [prefixArgument], params, op, out }: CommandContext): Promise<void> {
  const { cacheDirOf, requireCacheDir, entryIn } = await lib.cacheDir();
  const { validateClientPrefix } = await lib.prefix();
  const prefix = validateClientPrefix(prefixArgument);
  const cache = requireCacheDir(cacheDirOf(params.dir));
  const path = entryIn(cache.ip, prefix);
  if (existsSync(path)) return out.note(`${prefix} is already allowed (${path}); nothing changed`);
  // dnscache-conf's own mode for root/ip files; dnscache only stat()s them, per query.
  await op.writeFile(path, '', 0o600);
  if (op.performs) out.result(`allowed ${prefix}: clients whose address starts with ${prefix}. may ask (checked per query, no restart needed)`);
}

async function clientDeny({ args: [prefixArgument], params, op, out }: CommandContext): Promise<void> {
  const { cacheDirOf, requireCacheDir, entryIn, listEntries } = await lib.cacheDir();
  const { validateClientPrefix } = await lib.prefix();
  const prefix = validateClientPrefix(prefixArgument);
  const cache = requireCacheDir(cacheDirOf(params.dir));
  const path = entryIn(cache.ip, prefix);
  if (!existsSync(path)) problem('%s is not in %s: allowed are %s', prefix, cache.ip, listEntries(cache.ip).join(' ') || '(none)');
  await op.unlink(path);
  const remaining = listEntries(cache.ip).filter((name) => name !== prefix);
  const still = remaining.find((shorter) => prefix.startsWith(shorter + '.'));
  if (still) out.warn(`${prefix} is still allowed by the shorter prefix ${still} (clientDeny ${still} to stop that)`);
  if (op.performs) out.result(`denied ${prefix}: removed ${path}`);
}

async function clientList({ params, out }: CommandContext): Promise<void> {
  const { cacheDirOf, requireCacheDir, listEntries } = await lib.cacheDir();
  const prefixes = listEntries(requireCacheDir(cacheDirOf(params.dir)).ip);
  if (params.format === 'json') return out.json(prefixes);
  prefixes.forEach((prefix) => out.result(prefix));
}

const SERVERS_AT_START = 'dnscache reads root/servers only at start';
const ENV_AT_START = 'dnscache reads env/ only at start';

async function forwardWrite({ args: [domainArgument, ...ipArguments], params, op, out }: CommandContext, how: 'add' | 'set'): Promise<void> {
  const { cacheDirOf, requireCacheDir, entryIn, readServers, restartIfRunning } = await lib.cacheDir();
  const { validateServersDomain, validateIPv4 } = await lib.prefix();
  const domain = validateServersDomain(domainArgument);
  const ips = ipArguments.map(validateIPv4);
  const cache = requireCacheDir(cacheDirOf(params.dir));
  const path = entryIn(cache.servers, domain);
  if (domain === '@' && how === 'add') problem('forwardAdd @ would mix servers into the root list: replace it with forwardSet @ IP...');
  const before = existsSync(path) ? readServers(path) : [];
  const after = [...new Set(how === 'add' ? [...before, ...ips] : ips)];
  if (after.join('\n') === before.join('\n')) return out.note(`${domain} already goes to ${before.join(' ')}; nothing changed`);
  await op.writeFile(path, after.join('\n') + '\n', 0o644);
  if (op.performs) out.result(`${domain} -> ${after.join(' ')} (${path})`);
  await restartIfRunning(op, out, cache, SERVERS_AT_START);
}

async function forwardRemove({ args: [domainArgument], params, op, out }: CommandContext): Promise<void> {
  const { cacheDirOf, requireCacheDir, entryIn, listEntries, restartIfRunning } = await lib.cacheDir();
  const { validateServersDomain } = await lib.prefix();
  const domain = validateServersDomain(domainArgument);
  if (domain === '@') problem('refusing to remove root/servers/@: dnscache needs root servers (replace them with forwardSet @ IP...)');
  const cache = requireCacheDir(cacheDirOf(params.dir));
  const path = entryIn(cache.servers, domain);
  if (!existsSync(path)) problem('%s is not forwarded: %s has %s', domain, cache.servers, listEntries(cache.servers).join(' '));
  await op.unlink(path);
  if (op.performs) out.result(`${domain} is resolved through the roots again (removed ${path})`);
  await restartIfRunning(op, out, cache, SERVERS_AT_START);
}

async function forwardList({ params, out }: CommandContext): Promise<void> {
  const { cacheDirOf, requireCacheDir, listEntries, readServers } = await lib.cacheDir();
  const cache = requireCacheDir(cacheDirOf(params.dir));
  const entries = listEntries(cache.servers).map((domain) => ({ domain, servers: readServers(join(cache.servers, domain)) }));
  if (params.format === 'json') return out.json(entries);
  entries.forEach(({ domain, servers }) => out.result(`${domain} ${servers.join(' ')}`));
}

/** The roots dnscache-conf writes into servers/@ (a.root-servers.net first). */
const INTERNET_ROOT = '198.41.0.4';

async function forwardOnly(context: CommandContext): Promise<void> {
  const { args: [answer], params, out } = context;
  if (answer !== 'yes' && answer !== 'no') usage('forwardOnly takes yes or no, got "%s"', answer);
  if (answer === 'no') return unsetVariable(context, 'FORWARDONLY');
  const { cacheDirOf, readServers } = await lib.cacheDir();
  const cache = cacheDirOf(params.dir);
  const roots = join(cache.servers, '@');
  if (existsSync(roots) && readServers(roots).includes(INTERNET_ROOT)) {
    out.warn(`${roots} lists the Internet root servers, which answer no recursive queries: point it at caches (forwardSet @ IP...)`);
  }
  // dnscache.c only checks that FORWARDONLY is set; "1" is what its documentation shows.
  return setVariable(context, 'FORWARDONLY', '1');
}

async function envList({ params, out }: CommandContext): Promise<void> {
  const { readEnvDir } = await import('./lib/daemontools/envdir.js');
  const { cacheDirOf } = await lib.cacheDir();
  const cache = cacheDirOf(params.dir);
  if (!existsSync(cache.env)) problem('no %s: set the cache up first (-i setup IP)', cache.env);
  const entries = readEnvDir(cache.env);
  if (params.format === 'json') return out.json(Object.fromEntries(entries));
  for (const [name, value] of entries) out.result(value === null ? `${name} (unset)` : `${name}=${value}`);
}

async function checkedName(name: string): Promise<string> {
  const { DNSCACHE_VARIABLES } = await lib.envVars();
  if (!(DNSCACHE_VARIABLES as readonly string[]).includes(name)) {
    problem('unknown dnscache variable "%s": expected one of %s', name, DNSCACHE_VARIABLES.join(', '));
  }
  return name;
}

async function envGet({ args: [nameArgument], params, out }: CommandContext): Promise<void> {
  const { cacheDirOf, readEnvValue } = await lib.cacheDir();
  const name = await checkedName(nameArgument);
  const value = readEnvValue(cacheDirOf(params.dir).env, name);
  if (value === undefined) problem('%s is not set in %s', name, cacheDirOf(params.dir).env);
  out.result(value);
}

async function envSet(context: CommandContext): Promise<void> {
  const [name, value] = context.args;
  await setVariable(context, await checkedName(name), value);
}

async function envUnset(context: CommandContext): Promise<void> {
  await unsetVariable(context, await checkedName(context.args[0]));
}

async function setVariable({ params, op, out }: CommandContext, name: string, value: string): Promise<void> {
  const { cacheDirOf, readEnvValue, restartIfRunning } = await lib.cacheDir();
  const { validateDnscacheVariable, validateCacheLimits } = await lib.envVars();
  const { envFileContent } = await import('./lib/daemontools/envdir.js');
  const cache = cacheDirOf(params.dir);
  if (!existsSync(cache.env)) problem('no %s: set the cache up first (-i setup IP)', cache.env);
  validateDnscacheVariable(name, value);
  if (name === 'ROOT') checkRoot(value);
  let changed = false;
  await op.withLock(join(cache.env, '.iim-dnscache.lock'), async () => {
    const current = (variable: string) => (variable === name ? value : readEnvValue(cache.env, variable));
    const cacheSize = current('CACHESIZE');
    const dataLimit = current('DATALIMIT');
    if ((name === 'CACHESIZE' || name === 'DATALIMIT') && cacheSize !== undefined && dataLimit !== undefined) {
      validateCacheLimits(Number(cacheSize), Number(dataLimit));
    }
    if (readEnvValue(cache.env, name) === value) return;
    await op.writeFile(join(cache.env, name), envFileContent(value), 0o644);
    changed = true;
  });
  if (!changed) return out.note(`${name} is already ${value}; nothing changed`);
  if (op.performs) out.result(`${name}=${value}`);
  if (name === 'IP') out.warn(`clients and resolver files still name the old address: re-run resolvConf after the restart`);
  await restartIfRunning(op, out, cache, ENV_AT_START);
}

/** ROOT is where dnscache chroots and finds ip/ and servers/. */
function checkRoot(value: string): void {
  if (!value.startsWith('/')) problem('bad ROOT "%s": expected an absolute path (dnscache chroots there)', value);
  for (const sub of ['ip', 'servers']) {
    if (!statSync(join(value, sub), { throwIfNoEntry: false })?.isDirectory()) {
      problem('bad ROOT "%s": no directory %s in it (dnscache reads ip/ and servers/ there)', value, join(value, sub));
    }
  }
}

async function unsetVariable({ params, op, out }: CommandContext, name: string): Promise<void> {
  const { cacheDirOf, restartIfRunning } = await lib.cacheDir();
  if (name !== 'FORWARDONLY') {
    problem('refusing to unset %s: dnscache (or its run script) stops with "%s not set" without it; change it with envSet', name, `$${name}`);
  }
  const cache = cacheDirOf(params.dir);
  const path = join(cache.env, name);
  if (!existsSync(path)) return out.note(`${name} is not set; nothing changed`);
  await op.unlink(path);
  if (op.performs) out.result(`${name} unset`);
  await restartIfRunning(op, out, cache, ENV_AT_START);
}

async function resolvConf({ params, op, out }: CommandContext): Promise<void> {
  const { cacheDirOf, cacheIpOf, listEntries, allowingPrefix } = await lib.cacheDir();
  const { pointAt, backupPathFor } = await import('./lib/dnscache/resolv-conf.js');
  const cache = cacheDirOf(params.dir);
  const ip = cacheIpOf(cache);
  const file = resolve(params.resolvConf);
  const info = lstatOrUndefined(file);
  const before = info ? readFileSync(file, 'utf8') : '';
  const after = pointAt(before, ip);
  if (after === before && !info?.isSymbolicLink()) return out.note(`${file} already points at ${ip}; nothing changed`);
  if (existsSync(cache.ip) && !allowingPrefix(ip, listEntries(cache.ip)) && !allowingPrefix('127.0.0.1', listEntries(cache.ip))) {
    out.warn(`no prefix in ${cache.ip} allows local clients: clientAllow 127`);
  }
  if (info) {
    const backup = backupPathFor(file, new Date(), (path) => lstatOrUndefined(path) !== undefined);
    if (info.isSymbolicLink()) {
      out.warn(`${file} is a link to ${readlinkSync(file)}: it becomes a file; the backup keeps the link`);
      await op.symlink(readlinkSync(file), backup);
    } else await op.writeFile(backup, before, info.mode & 0o7777);
    if (op.performs) out.note(`backup: ${backup}`);
  }
  await op.writeFile(file, after, info && !info.isSymbolicLink() ? info.mode & 0o7777 : 0o644);
  if (op.performs) out.result(`${file}: nameserver ${ip}`);
}

async function resolvConfRestore({ args: [backupArgument], params, op, out }: CommandContext): Promise<void> {
  const { backupsOf } = await import('./lib/dnscache/resolv-conf.js');
  const file = resolve(params.resolvConf);
  const backups = backupsOf(file);
  let backup = backups.at(-1);
  if (backupArgument !== undefined) {
    backup = backups.find((path) => path === resolve(backupArgument) || basename(path) === backupArgument);
    if (!backup) problem('"%s" is not a backup of %s: there are %s', backupArgument, file, backups.map((path) => basename(path)).join(' ') || 'none');
  }
  if (!backup) problem('no backup of %s (FILE.iim-dnscache-STAMP beside it) to restore', file);
  await op.rename(backup, file);
  if (op.performs) out.result(`restored ${file} from ${backup}`);
}

async function query({ args: [nameArgument, typeArgument], params, op, out }: CommandContext): Promise<void> {
  const { cacheDirOf, cacheIpOf } = await lib.cacheDir();
  const { validateServersDomain, validateIPv4 } = await lib.prefix();
  const { queryTypeNumber } = await import('./lib/dnscache/query-types.js');
  const env = { DNSCACHEIP: cacheIpOf(cacheDirOf(params.dir)) };
  let program: string;
  let args: string[];
  if (typeArgument === undefined && /^[0-9.]+$/.test(nameArgument)) {
    [program, args] = ['dnsname', [validateIPv4(nameArgument)]];
  } else {
    const name = nameArgument.replace(/\.$/, '').toLowerCase();
    if (name === '@') problem('bad name "@": expected a domain name like www.example.test');
    try {
      validateServersDomain(name);
    } catch (error) {
      problem('%s', (error as Error).message.replace(/ or @ for the roots$/, ''));
    }
    const type = typeArgument === undefined ? 1 : queryTypeNumber(typeArgument);
    if (type === undefined) problem('bad query type "%s": expected a, aaaa, mx, ns, ptr, txt, soa, cname, srv, any or a number 0-65535', typeArgument);
    [program, args] = type === 1 ? ['dnsip', [name]] : ['dnsqr', [String(type), name]];
  }
  const answer = await op.run(program, args, { env });
  if (answer.ran) out.write(answer.stdout);
}

async function logStats({ args: [linesArgument], params, out }: CommandContext): Promise<void> {
  const { summariseLog, summariseLogFile, renderSummaryText, summaryToJson } = await import('./lib/dnscache/log-stats.js');
  if (linesArgument !== undefined && !/^[1-9][0-9]*$/.test(linesArgument)) {
    problem('bad LINES "%s": expected a positive number of lines like 10000', linesArgument);
  }
  // multilog's current file (log/run: multilog t ./main); no other module needed to find it.
  const path = join(resolve(params.dir), 'log', 'main', 'current');
  if (!existsSync(path)) problem('no log %s (multilog writes it once the cache has started)', path);
  let summary;
  if (linesArgument === undefined) summary = summariseLogFile(path);
  else {
    const { readLastLines } = await import('./lib/dnscache/log-tail.js');
    summary = summariseLog(readLastLines(path, Number(linesArgument)));
  }
  if (params.format === 'json') out.json(summaryToJson(summary));
  else out.write(renderSummaryText(summary));
}
