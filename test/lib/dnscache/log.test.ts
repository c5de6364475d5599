import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeHexIp, encodeHexIp, parseLog, parseLogLine } from '../../../lib/dnscache/log.js';
import { summariseLog } from '../../../lib/dnscache/log-stats.js';
import { queryTypeName, queryTypeNumber } from '../../../lib/dnscache/query-types.js';
import { findProgram, missingPrograms, shouldSkip } from '../../support/real-programs.js';
import { realLog } from '../../support/dnscache-log-fixtures.js';

describe('decodeHexIp', () => {
  it('reads dnscache hex addresses in network order', () => {
    expect(decodeHexIp('7f350001')).toBe('127.53.0.1');
    expect(decodeHexIp('c0a80a01')).toBe('192.168.10.1');
    expect(decodeHexIp('ffffffff')).toBe('255.255.255.255');
    expect(decodeHexIp('7f35zz01')).toBe('7f35zz01');
    expect(encodeHexIp('127.53.0.1')).toBe('7f350001');
  });
});

describe('query types', () => {
  it('names the common numbers and keeps the others numeric', () => {
    expect([1, 2, 5, 6, 12, 15, 16, 28, 33, 255].map(queryTypeName)).toEqual(
      ['a', 'ns', 'cname', 'soa', 'ptr', 'mx', 'txt', 'aaaa', 'srv', 'any']);
    expect(queryTypeName(65280)).toBe('65280');
    expect(queryTypeNumber('AAAA')).toBe(28);
    expect(queryTypeNumber('65535')).toBe(65535);
    expect(queryTypeNumber('65536')).toBeUndefined();
    expect(queryTypeNumber('bogus')).toBeUndefined();
  });
});

describe('parseLogLine', () => {
  it('reads a stamped query line', () => {
    expect(parseLogLine('@4000000065000000075bcd15 query 17 7f350001:d5a8:1c2b 28 www.example.test.')).toEqual({
      stamp: '@4000000065000000075bcd15', kind: 'query', serial: 17, client: '127.53.0.1',
      port: 0xd5a8, id: 0x1c2b, type: 'aaaa', name: 'www.example.test.',
    });
  });
  it.each([
    ['starting', { kind: 'starting' }],
    ['sent 4 35', { kind: 'sent', serial: 4, bytes: 35 }],
    ['drop 9 timed out', { kind: 'drop', serial: 9, reason: 'timed out' }],
    ['stats 5 321 1 0', { kind: 'stats', queries: 5, cacheMotion: 321, udpActive: 1, tcpActive: 0 }],
    ['tx 0 15 example.test. example.test. 7f3d0001 7f3d0002', {
      kind: 'tx', gluelessness: 0, type: 'mx', name: 'example.test.', control: 'example.test.', servers: ['127.61.0.1', '127.61.0.2'] }],
    ['rr 7f3d0001 86400 1 www.example.test. 0a010203', {
      kind: 'rr', server: '127.61.0.1', ttl: 86400, type: 'a', name: 'www.example.test.', data: '0a010203' }],
    ['rr 7f3d0001 86400 mx example.test. 10 mx.example.test.', {
      kind: 'rr', server: '127.61.0.1', ttl: 86400, type: 'mx', name: 'example.test.', data: '10 mx.example.test.' }],
    ['cached 1 www.example.test.', { kind: 'cached', type: 'a', name: 'www.example.test.' }],
    ['cached ns example.test. a.ns.example.test.', { kind: 'cached', type: 'ns', name: 'example.test.', data: 'a.ns.example.test.' }],
    ['cached nxdomain nope.test.', { kind: 'cached', type: 'nxdomain', name: 'nope.test.' }],
    ['nxdomain 7f3d0001 2560 nope.example.test.', { kind: 'nxdomain', server: '127.61.0.1', ttl: 2560, name: 'nope.example.test.' }],
    ['nodata 7f3d0001 2560 16 www.example.test.', { kind: 'nodata', server: '127.61.0.1', ttl: 2560, type: 'txt', name: 'www.example.test.' }],
    ['servfail example.com. input/output error', { kind: 'servfail', name: 'example.com.', reason: 'input/output error' }],
    ['lame 7f3d0001 example.test. example.test.', { kind: 'lame', server: '127.61.0.1', control: 'example.test.', referral: 'example.test.' }],
    ['tcpopen 7f000001:a1b2', { kind: 'tcpopen', client: '127.0.0.1', port: 0xa1b2 }],
    ['tcpclose 7f000001:a1b2 connection reset', { kind: 'tcpclose', client: '127.0.0.1', port: 0xa1b2, reason: 'connection reset' }],
    ['merge 7f3d0001 1 x.test. x.test.', { kind: 'other', keyword: 'merge', fields: ['7f3d0001', '1', 'x.test.', 'x.test.'] }],
  ])('%s', (line, record) => {
    expect(parseLogLine(line)).toEqual(record);
  });
  it('skips empty lines', () => {
    expect(parseLogLine('')).toBeNull();
  });
});

function kindCounts(text: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of parseLog(text)) {
    const k = r.kind === 'other' ? r.keyword : r.kind;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

describe('summariseLog on real lines', () => {
  it('agrees with the line parser', () => {
    const s = summariseLog(realLog);
    const records = parseLog(realLog);
    expect(s.lines).toBe(records.length);
    expect(s.queries).toBe(7);
    expect(Object.fromEntries(s.kinds)).toEqual(kindCounts(realLog));
    expect([...s.perClient]).toEqual([['127.0.0.1', 7]]);
    expect(Object.fromEntries(s.types)).toEqual({ a: 4, mx: 1, ptr: 1, any: 1 });
    expect(s.topNames.slice(0, 2)).toEqual([['example.test.', 3], ['www.example.test.', 2]]);
    expect(s.stats).toEqual({ queries: 5, cacheMotion: 321, udpActive: 1, tcpActive: 0 });
    expect(s.errors).toEqual({ servfail: 0, drop: 0, lame: 0, nxdomain: 1 });
  });
});

// --- a real dnscache behind a real tinydns, on private loopback addresses ---

const needed = ['dnscache', 'tinydns', 'tinydns-data', 'dnsip', 'dnsmx', 'dnsname', 'dnsqr'];
const missing = missingPrograms(needed);
const TINYDNS_IP = '127.61.7.1';
const CACHE_IP = '127.61.7.2';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function userIds(user: string): { uid: string; gid: string } {
  const uid = spawnSync('id', ['-u', user]).stdout.toString().trim();
  const gid = spawnSync('id', ['-g', user]).stdout.toString().trim();
  return { uid, gid };
}

describe.skipIf(shouldSkip(missing))('parsing what a real dnscache logs', () => {
  it('finds dnscache, tinydns and djbdns-utils', () => expect(missing).toEqual([]));

  const dir = mkdtempSync(join(tmpdir(), 'iim-dnscache-log-'));
  const children: ChildProcess[] = [];
  let log = '';

  beforeAll(async () => {
    // tinydns: authoritative for example.test, 10.in-addr.arpa and a fake root, so nothing leaves loopback
    const tinyRoot = join(dir, 'tinydns');
    mkdirSync(tinyRoot);
    writeFileSync(join(tinyRoot, 'data'), [
      `.:${TINYDNS_IP}:a:259200`,
      `.example.test:${TINYDNS_IP}:a:259200`,
      '=www.example.test:10.1.2.3:86400',
      '@example.test::mx.example.test:10',
      '',
    ].join('\n'));
    expect(spawnSync(findProgram('tinydns-data') ?? 'tinydns-data', { cwd: tinyRoot }).status).toBe(0);
    // dnscache root as dnscache-conf makes it: ip/ for clients, servers/@ for the roots
    const cacheRoot = join(dir, 'dnscache');
    mkdirSync(join(cacheRoot, 'ip'), { recursive: true });
    mkdirSync(join(cacheRoot, 'servers'));
    writeFileSync(join(cacheRoot, 'ip', '127.0.0.1'), '');
    writeFileSync(join(cacheRoot, 'servers', '@'), `${TINYDNS_IP}\n`);

    const tiny = userIds('tinydns');
    const cache = userIds('dnscache');
    const tinydns = spawn(findProgram('tinydns') ?? 'tinydns', [], {
      env: { IP: TINYDNS_IP, ROOT: tinyRoot, UID: tiny.uid, GID: tiny.gid }, stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(tinydns);
    const dnscache = spawn(findProgram('dnscache') ?? 'dnscache', [], {
      env: { IP: CACHE_IP, IPSEND: '0.0.0.0', CACHESIZE: '1000000', ROOT: cacheRoot, UID: cache.uid, GID: cache.gid },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.push(dnscache);
    dnscache.stdin?.end(randomBytes(128)); // the seed
    dnscache.stdout?.on('data', (d: Buffer) => (log += d.toString('latin1')));
    dnscache.stderr?.on('data', (d: Buffer) => (log += d.toString('latin1')));
    for (let t = 0; t < 50 && !log.includes('starting'); t++) await sleep(50);
    expect(log).toContain('starting');

    const env = { ...process.env, DNSCACHEIP: CACHE_IP };
    const ask = (cmd: string, ...args: string[]) => spawnSync(cmd, args, { env, timeout: 10_000 }).stdout.toString();
    expect(ask('dnsip', 'www.example.test')).toBe('10.1.2.3 \n');
    expect(ask('dnsip', 'www.example.test')).toBe('10.1.2.3 \n');
    expect(ask('dnsmx', 'example.test')).toBe('10 mx.example.test\n');
    ask('dnsip', 'nope.example.test');
    ask('dnsname', '10.1.2.3');
    ask('dnsqr', 'txt', 'www.example.test');
    for (let t = 0; t < 20 && (log.match(/^sent /gm) ?? []).length < 6; t++) await sleep(50);
  });

  afterAll(async () => {
    for (const child of children) {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        process.kill(child.pid, 'SIGTERM');
        await gone;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts the queries the clients made, by client, type and name', () => {
    const s = summariseLog(log);
    expect(s.queries).toBe(6);
    expect([...s.perClient]).toEqual([['127.0.0.1', 6]]);
    expect(Object.fromEntries(s.types)).toEqual({ a: 3, mx: 1, ptr: 1, txt: 1 });
    expect(s.nameCounts().get('www.example.test.')).toBe(3);
    expect(s.nameCounts().get('3.2.1.10.in-addr.arpa.')).toBe(1);
    expect(s.errors.nxdomain).toBe(1);
    expect(s.kinds.get('cached')).toBeGreaterThan(0);
    expect(s.kinds.get('rr')).toBeGreaterThan(0);
    expect(s.kinds.get('starting')).toBe(1);
  });

  it('parses every line into a known kind, agreeing with the summary', () => {
    const records = parseLog(log);
    expect(records.filter((r) => r.kind === 'other')).toEqual([]);
    expect(Object.fromEntries(summariseLog(log).kinds)).toEqual(kindCounts(log));
    const queries = records.filter((r) => r.kind === 'query');
    expect(queries.map((q) => q.kind === 'query' && q.name)).toContain('nope.example.test.');
    expect(records.some((r) => r.kind === 'rr' && r.server === TINYDNS_IP)).toBe(true);
    expect(records.some((r) => r.kind === 'tx' && r.servers.includes(TINYDNS_IP))).toBe(true);
  });
});
