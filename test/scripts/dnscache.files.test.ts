// iim-dnscache on a set-up (not running) cache: what it refuses leaves every byte as it was,
// -n showOnly changes nothing, the resolver file round-trips, logStats reads a real log's format.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseInvocation } from '../../framework/argv.js';
import { arityOf } from '../../framework/declaration.js';
import { resolveParams } from '../../framework/params.js';
import { examplesOf, SEEDED_COMMANDS } from '../../framework/seeded-commands.js';
import dnscache from '../../scripts/dnscache.js';
import { formatTai64n } from '../../lib/daemontools/tai64n.js';
import { encodeHexIp } from '../../lib/dnscache/log.js';
import { available, isRoot } from '../support/programs.js';
import { runBin } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';
import { realLog } from '../support/dnscache-log-fixtures.js';
import { makeWorld, snapshotTree, tearDown, type DnscacheWorld } from '../support/dnscache-world.js';

const ready = available('dnscache-conf', 'dnscache') && isRoot();

describe.skipIf(!ready)('iim-dnscache on a set-up cache', () => {
  let world: DnscacheWorld | undefined;
  afterEach(() => {
    const leaving = world;
    world = undefined;
    tearDown(leaving);
  });

  it('setup makes a dnscache-conf service linked into serviceDir, and refuses an existing one without -f', async () => {
    world = await makeWorld('dnscache-setup');
    const { dir, serviceDir, cacheIp } = world;
    expect(readFileSync(join(dir, 'env', 'IP'), 'utf8')).toBe(`${cacheIp}\n`);
    expect(readdirSync(join(dir, 'root', 'ip'))).toEqual(['127.0.0.1']);
    expect(readFileSync(join(dir, 'run'), 'utf8')).toContain('envuidgid dnscache');
    expect(readdirSync(serviceDir)).toEqual(['dnscache']);
    const again = await world.bin('-i', 'setup', cacheIp);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(`iim-dnscache: setup: ${dir} exists: if you really want to replace it, specify -f\n`);
    const forced = await world.bin('-f', '-i', 'setup', '127.53.9.9');
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(join(dir, 'env', 'IP'), 'utf8')).toBe('127.53.9.9\n');
    const badIp = await world.bin('-f', '-i', 'setup', '127.0.0.256');
    expect(badIp.status).toBe(1);
    expect(badIp.stderr).toContain('bad IP "127.0.0.256": octet 256 > 255');
    expect(readFileSync(join(dir, 'env', 'IP'), 'utf8')).toBe('127.53.9.9\n');
  });

  it('refuses bad prefixes, IPs, domains and file-variable values, leaving the directory tree byte-identical', async () => {
    world = await makeWorld('dnscache-refusals');
    const { bin, top } = world;
    const before = snapshotTree(top);
    const refused: Array<[string[], string]> = [
      [['clientAllow', '127.0.0.256'], 'bad client prefix "127.0.0.256": octet 256 > 255'],
      [['clientAllow', '../x'], 'bad client prefix "../x"'],
      [['clientAllow', '1.2.3.4.5'], 'bad client prefix "1.2.3.4.5": expected 1 to 4 octets, got 5'],
      [['clientAllow', 'a'], 'bad client prefix "a"'],
      [['clientAllow', '010'], 'leading zero'],
      [['clientDeny', '../../env/IP'], 'bad client prefix'],
      [['clientDeny', '10.1'], '10.1 is not in'],
      [['forwardAdd', 'test.zone', '10.0.0.1', '999.1.1.1'], 'bad IP "999.1.1.1": octet 999 > 255'],
      [['forwardAdd', 'test.zone', '10.0.0'], 'bad IP "10.0.0"'],
      [['forwardAdd', '../servers', '10.0.0.1'], 'bad domain name "../servers"'],
      [['forwardAdd', '@', '10.0.0.1'], 'forwardSet @'],
      [['forwardSet', 'a..b', '10.0.0.1'], 'empty label'],
      [['forwardRemove', '@'], 'refusing to remove root/servers/@'],
      [['forwardRemove', 'never.added'], 'never.added is not forwarded'],
      [['envSet', 'CACHESIZE', 'abc'], 'bad CACHESIZE "abc"'],
      [['envSet', 'CACHESIZE', '-5'], 'bad CACHESIZE "-5"'],
      [['envSet', 'CACHESIZE', '3000000'], 'expected DATALIMIT >= CACHESIZE + 2000000 (5000000)'],
      [['envSet', 'DATALIMIT', '2500000'], 'DATALIMIT 2500000 leaves 1500000 bytes'],
      [['envSet', 'IP', '1.2.3'], 'bad IP "1.2.3": expected 4 octets, got 3'],
      [['envSet', 'IPSEND', '10.0.0.300'], 'octet 300 > 255'],
      [['envSet', 'FORWARDONLY', '0'], 'any value turns forwarding on'],
      [['envSet', 'ROOT', 'relative/root'], 'expected an absolute path'],
      [['envSet', 'ROOT', '/nonexistent'], 'no directory /nonexistent/ip'],
      [['envSet', 'CACHESIZE', '1000000 '], 'ends with a space'],
      [['envSet', 'PATH', '/bin'], 'unknown dnscache variable "PATH"'],
      [['envUnset', 'IP'], 'refusing to unset IP'],
      [['envGet', 'FORWARDONLY'], 'FORWARDONLY is not set'],
      [['query', 'bad..name'], 'empty label'],
      [['query', 'www.test.zone', 'nonsense'], 'bad query type "nonsense"'],
      [['logStats', '0'], 'bad LINES "0"'],
    ];
    for (const [args, message] of refused) {
      const result = await bin('-i', ...args);
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(1);
      expect(result.stderr, args.join(' ')).toContain(message);
      expect(result.stderr.startsWith(`iim-dnscache: ${args[0]}: `), result.stderr).toBe(true);
      expect(result.stdout, args.join(' ')).toBe('');
    }
    const usage = await bin('-i', 'forwardOnly', 'maybe');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('forwardOnly takes yes or no, got "maybe"');
    expect(snapshotTree(top)).toEqual(before);
  });

  it('edits root/ip, root/servers and env/ and lists them back', async () => {
    world = await makeWorld('dnscache-edits');
    const { bin, dir } = world;
    const ok = async (...args: string[]) => {
      const result = await bin('-i', ...args);
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      return result;
    };
    await ok('clientAllow', '127');
    await ok('clientAllow', '10.0.2');
    await ok('clientAllow', '10.10');
    expect((await ok('clientList')).stdout).toBe('10.0.2\n10.10\n127\n127.0.0.1\n');
    expect((await ok('clientAllow', '127')).stderr).toContain('127 is already allowed');
    const denied = await ok('clientDeny', '127.0.0.1');
    expect(denied.stderr).toContain('127.0.0.1 is still allowed by the shorter prefix 127');
    expect(JSON.parse((await bin('-p', 'format=json', '-i', 'clientList')).stdout)).toEqual(['10.0.2', '10.10', '127']);

    await ok('forwardAdd', 'corp.test', '127.53.0.1');
    await ok('forwardAdd', 'corp.test', '127.53.0.3', '127.53.0.1');
    expect(readFileSync(join(dir, 'root', 'servers', 'corp.test'), 'utf8')).toBe('127.53.0.1\n127.53.0.3\n');
    await ok('forwardSet', 'corp.test', '127.53.0.4');
    await ok('forwardSet', '@', '127.53.0.1');
    expect((await ok('forwardList')).stdout).toBe('@ 127.53.0.1\ncorp.test 127.53.0.4\n');

    await ok('envSet', 'DATALIMIT', '12000000');
    await ok('envSet', 'CACHESIZE', '10000000');
    expect((await ok('envGet', 'CACHESIZE')).stdout).toBe('10000000\n');
    expect(readFileSync(join(dir, 'env', 'CACHESIZE'), 'utf8')).toBe('10000000\n');
    expect((await ok('envSet', 'CACHESIZE', '10000000')).stderr).toContain('already 10000000; nothing changed');
    expect(JSON.parse((await bin('-p', 'format=json', '-i', 'envList')).stdout)).toMatchObject({ CACHESIZE: '10000000', DATALIMIT: '12000000' });
    // Nothing runs under supervise: the output says when the change takes effect.
    expect((await ok('envSet', 'IPSEND', '127.0.0.1')).stdout).toContain('is not running under supervise: the change takes effect when it starts');
  });

  it('-n showOnly shows each action and changes nothing', async () => {
    world = await makeWorld('dnscache-showonly');
    const { bin, top } = world;
    const resolv = join(top, 'resolv.conf');
    writeFileSync(resolv, 'nameserver 10.0.0.1\n');
    const before = snapshotTree(top);
    const commands = [
      ['clientAllow', '10.1'],
      ['clientDeny', '127.0.0.1'],
      ['forwardAdd', 'corp.test', '127.53.0.1'],
      ['forwardSet', '@', '127.53.0.1'],
      ['envSet', 'DATALIMIT', '9000000'],
      ['forwardOnly', 'yes'],
      ['-f', 'setup', '127.0.0.2'],
    ];
    for (const args of commands) {
      const words = args[0] === '-f' ? ['-f', '-i', ...args.slice(1)] : ['-i', ...args];
      const result = await bin('-n', 'showOnly', '-p', `resolvConf=${resolv}`, ...words);
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stderr.length, args.join(' ')).toBeGreaterThan(0);
    }
    const shown = await bin('-n', 'showOnly', '-p', `resolvConf=${resolv}`, '-i', 'resolvConf');
    expect(shown.stderr).toContain(`' > ${resolv}.iim-dnscache-`);
    expect(shown.stderr).toContain(`' > ${resolv}  # atomic`);
    const account = await bin('-n', 'showOnly', '-p', 'account=iim-no-such-account', '-f', '-i', 'setup', world.cacheIp);
    expect(account.status, account.stderr).toBe(0);
    expect(account.stderr).toContain('creating the system account iim-no-such-account (dnscache-conf needs it)');
    expect(account.stderr).toContain('useradd -r -s /usr/sbin/nologin -d /nonexistent iim-no-such-account\n');
    expect(account.stderr).toContain(`dnscache-conf iim-no-such-account dnslog ${world.dir} ${world.cacheIp}\n`);
    const plan = await bin('-n', 'showOnly', '-p', 'format=json', '-i', 'clientAllow', '10.1');
    expect(JSON.parse(plan.stdout)).toMatchObject({ action: 'writeFile', path: join(world.dir, 'root', 'ip', '10.1'), run: false });
    expect(snapshotTree(top)).toEqual(before);
  });

  it('resolvConf points the file at the cache keeping search and options, with a backup; resolvConfRestore puts it back', async () => {
    world = await makeWorld('dnscache-resolvconf');
    const { bin, top, cacheIp } = world;
    const file = join(top, 'etc', 'resolv.conf');
    mkdirSync(join(top, 'etc'));
    const original = '# by hand\nsearch corp.test example.test\nnameserver 10.0.0.1\noptions timeout:1 rotate\nnameserver 10.0.0.2\n';
    writeFileSync(file, original, { mode: 0o644 });
    const pointed = await bin('-p', `resolvConf=${file}`, '-i', 'resolvConf');
    expect(pointed.status, pointed.stderr).toBe(0);
    expect(pointed.stdout).toBe(`${file}: nameserver ${cacheIp}\n`);
    expect(readFileSync(file, 'utf8')).toBe(`# by hand\nsearch corp.test example.test\nnameserver ${cacheIp}\noptions timeout:1 rotate\n`);
    const backups = readdirSync(join(top, 'etc')).filter((name) => name !== 'resolv.conf');
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^resolv\.conf\.iim-dnscache-\d{8}T\d{6}Z$/);
    expect(readFileSync(join(top, 'etc', backups[0]), 'utf8')).toBe(original);

    const twice = await bin('-p', `resolvConf=${file}`, '-i', 'resolvConf');
    expect(twice.stderr).toContain('already points at');
    expect(readdirSync(join(top, 'etc'))).toHaveLength(2);

    const restored = await bin('-p', `resolvConf=${file}`, '-i', 'resolvConfRestore');
    expect(restored.status, restored.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(readdirSync(join(top, 'etc'))).toEqual(['resolv.conf']);
    const nothing = await bin('-p', `resolvConf=${file}`, '-i', 'resolvConfRestore');
    expect(nothing.status).toBe(1);
    expect(nothing.stderr).toContain('no backup of');
  });
});

describe('iim-dnscache logStats on a log in the real format', () => {
  let top: string | undefined;
  afterEach(() => {
    if (top) removeDirectory(top);
    top = undefined;
  });

  it('decodes hex client IPs, counts types, names and kinds, and reads only the last LINES lines when asked', async () => {
    top = temporaryDirectory('dnscache-logstats-file');
    const dir = join(top, 'dnscache');
    mkdirSync(join(dir, 'log', 'main'), { recursive: true });
    const other = `query 8 ${encodeHexIp('10.1.2.3')}:1234:abcd 28 www.example.test.\n`;
    writeFileSync(join(dir, 'log', 'main', 'current'), realLog + other);
    const json = await runBin('iim-dnscache', ['-p', `dir=${dir}`, '-p', 'format=json', '-i', 'logStats']);
    expect(json.status, json.stderr).toBe(0);
    const summary = JSON.parse(json.stdout);
    expect(summary.queries).toBe(8);
    expect(summary.perClient).toEqual([['127.0.0.1', 7], ['10.1.2.3', 1]]);
    expect(summary.types).toEqual([['a', 4], ['aaaa', 1], ['any', 1], ['mx', 1], ['ptr', 1]]);
    expect(summary.topNames.slice(0, 2)).toEqual([['example.test.', 3], ['www.example.test.', 3]]);
    expect(summary.errors.nxdomain).toBe(1);
    expect(summary.stats).toEqual({ queries: 5, cacheMotion: 321, udpActive: 1, tcpActive: 0 });

    const tail = await runBin('iim-dnscache', ['-p', `dir=${dir}`, '-p', 'format=json', '-i', 'logStats', '4']);
    const last = JSON.parse(tail.stdout);
    expect(last.lines).toBe(4);
    expect(last.perClient).toEqual([['10.1.2.3', 1], ['127.0.0.1', 1]]); // ties by address

    const text = await runBin('iim-dnscache', ['-p', `dir=${dir}`, '-i', 'logStats']);
    expect(text.stdout).toContain('clients:\n         7  127.0.0.1\n         1  10.1.2.3\n');
    const missing = await runBin('iim-dnscache', ['-p', `dir=${join(top, 'none')}`, '-i', 'logStats']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no log');
    expect(existsSync(join(top, 'none'))).toBe(false);
  });

  it('with -p logs=all reads the rotated files before current, oldest first; LINES reaches back across them', async () => {
    top = temporaryDirectory('dnscache-logstats-rotated');
    const logDir = join(top, 'dnscache', 'log', 'main');
    mkdirSync(logDir, { recursive: true });
    const query = (n: number, ip: string, name: string) =>
      `@4000000065000000${n.toString(16).padStart(8, '0')} query ${n} ${encodeHexIp(ip)}:1234:abcd 1 ${name}\n`;
    // multilog names a rotated file by the time it was rotated: these sort oldest first
    writeFileSync(join(logDir, '@400000006500000100000000.s'), query(1, '10.0.0.1', 'old.test.') + query(2, '10.0.0.1', 'old.test.'));
    writeFileSync(join(logDir, '@400000006500000200000000.u'), query(3, '10.0.0.2', 'middle.test.'));
    writeFileSync(join(logDir, 'current'), query(4, '10.0.0.3', 'new.test.'));
    writeFileSync(join(logDir, 'state'), 'not a log');
    const bin = (...args: string[]) => runBin('iim-dnscache', ['-p', `dir=${join(top!, 'dnscache')}`, '-p', 'format=json', ...args]);

    const currentOnly = JSON.parse((await bin('-i', 'logStats')).stdout);
    expect(currentOnly.queries).toBe(1);

    const all = await bin('-p', 'logs=all', '-i', 'logStats');
    expect(all.status, all.stderr).toBe(0);
    const summary = JSON.parse(all.stdout);
    expect(summary.queries).toBe(4);
    expect(summary.perClient).toEqual([['10.0.0.1', 2], ['10.0.0.2', 1], ['10.0.0.3', 1]]);
    expect(summary.firstStamp).toBe('@400000006500000000000001');
    expect(summary.lastStamp).toBe('@400000006500000000000004');

    const lastThree = JSON.parse((await bin('-p', 'logs=all', '-i', 'logStats', '3')).stdout);
    expect(lastThree.topNames).toEqual([['middle.test.', 1], ['new.test.', 1], ['old.test.', 1]]);
    expect(lastThree.firstStamp).toBe('@400000006500000000000002');

    const bad = await bin('-p', 'logs=some', '-i', 'logStats');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('logs');
  });

  it('with -p since=TIME counts only the lines stamped from then on, across the rotated files too', async () => {
    top = temporaryDirectory('dnscache-logstats-since');
    const logDir = join(top, 'dnscache', 'log', 'main');
    mkdirSync(logDir, { recursive: true });
    // one query a minute from 13:50 to 14:09 UTC: ten in a rotated file, ten in current
    const query = (minute: number) =>
      `${formatTai64n(new Date(Date.UTC(2026, 10, 25, 13, 50 + minute)))} query ${minute} ${encodeHexIp('10.0.0.1')}:1234:abcd 1 m${minute}.test.\n`;
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => query(from + i)).join('');
    writeFileSync(join(logDir, '@400000006500000100000000.s'), range(0, 10));
    writeFileSync(join(logDir, 'current'), range(10, 20));
    const bin = (...args: string[]) =>
      runBin('iim-dnscache', ['-p', `dir=${join(top!, 'dnscache')}`, '-p', 'format=json', '-p', 'logs=all', ...args], { env: { TZ: 'UTC' } });
    const queries = async (...args: string[]) => {
      const result = await bin(...args);
      expect(result.status, result.stderr).toBe(0);
      return JSON.parse(result.stdout).queries as number;
    };
    expect(await queries('-i', 'logStats')).toBe(20);
    expect(await queries('-p', 'since=2026-11-25 13:55', '-i', 'logStats')).toBe(15);
    expect(await queries('-p', 'since=2026-11-25 14:05:30', '-i', 'logStats')).toBe(4);
    expect(await queries('-p', 'since=2026-11-25 15:00', '-i', 'logStats')).toBe(0);
    expect(await queries('-p', 'since=2026-11-25 14:05', '-i', 'logStats', '12')).toBe(5); // the last 12 lines, from 14:05 on
    const noted = await bin('-p', 'since=2026-11-25 13:55', '-i', 'logStats');
    expect(noted.stderr).toContain('lines stamped from 2026-11-25 13:55:00.000000000 on');
    const bad = await bin('-p', 'since=yesterday', '-i', 'logStats');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('bad value "yesterday" for parameter since');
  });
});

describe('iim-dnscache examples', () => {
  const { values } = resolveParams(dnscache.params ?? {}, [['dir', '/srv/dnscache'], ['resolvConf', '/tmp/resolv.test']]);
  const lines = examplesOf(dnscache, values, [['dir', '/srv/dnscache']]).filter((item) => item.kind === 'command');
  const chapters = examplesOf(dnscache, values, []).filter((item) => item.kind === 'chapter').map((item) => item.kind === 'chapter' && item.title);

  it('come in the chapters a sysadmin looks for, with the current params', () => {
    expect(chapters).toEqual(['Setup', 'Clients', 'Local resolutions bypass', 'File variables', 'resolv.conf', 'Queries', 'Many hosts', 'Logs', 'Seeded Commands']);
    expect(lines.every((item) => item.line.includes(' -p dir=/srv/dnscache ') || !item.line.startsWith('iim-dnscache'))).toBe(true);
    expect(lines.map((item) => item.line)).toContain('svstat /srv/dnscache /srv/dnscache/log');
    expect(lines.some((item) => item.comment?.includes('/tmp/resolv.test'))).toBe(true);
  });

  it.each(lines.filter((item) => item.line.startsWith('iim-dnscache')).map((item) => [item.line, item]))('%s names a command with an accepted arity', (_line, item) => {
    const invocation = parseInvocation(item.words);
    const command = dnscache.commands[invocation.command!] ?? SEEDED_COMMANDS[invocation.command!];
    expect(command).toBeDefined();
    const { min, max } = arityOf(command.args);
    expect(invocation.args.length).toBeGreaterThanOrEqual(min);
    expect(invocation.args.length).toBeLessThanOrEqual(max);
  });
});
