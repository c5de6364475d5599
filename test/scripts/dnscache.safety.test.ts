// iim-dnscache, issue 12 "Nothing lost, nobody let in": concurrent edits lose nothing, modes
// dnscache can read whatever the umask, restarts that must stay up, no open resolver, no values
// that crash it, planted symlinks refused with their targets untouched, long names.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { runBin } from '../support/run-bin.js';
import { dnsip, makeWorld, serve, snapshotTree, tearDown, type DnscacheWorld } from '../support/dnscache-world.js';

const ready =
  available('dnscache', 'dnscache-conf', 'tinydns', 'tinydns-conf', 'tinydns-data', 'dnsip', 'svscan', 'supervise', 'svc', 'svok', 'multilog') && isRoot();
const modeOf = (path: string) => (statSync(path).mode & 0o7777).toString(8);
const hashOf = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const withUmask = (world: DnscacheWorld, ...args: string[]) =>
  runBin('iim-dnscache', ['-p', `dir=${world.dir}`, '-p', `serviceDir=${world.serviceDir}`, ...args], { umask: '077' });

describe.skipIf(!ready)('iim-dnscache: nothing lost, nobody let in', () => {
  let world: DnscacheWorld | undefined;
  afterEach(() => {
    const leaving = world;
    world = undefined;
    tearDown(leaving);
  });

  it('20 concurrent forwardAdd to one domain keep all 20 servers; 20 concurrent clientAllow keep all 20 prefixes', async () => {
    world = await makeWorld('dnscache-concurrent');
    const { bin, dir, net } = world;
    const adds = await Promise.all(Array.from({ length: 20 }, (_, k) => bin('-i', 'forwardAdd', 'same.test', `${net}.${k + 10}`)));
    adds.forEach((result) => expect(result.status, result.stderr).toBe(0));
    const servers = readFileSync(join(dir, 'root', 'servers', 'same.test'), 'utf8').trim().split('\n').sort();
    expect(servers).toEqual(Array.from({ length: 20 }, (_, k) => `${net}.${k + 10}`).sort());
    const allows = await Promise.all(Array.from({ length: 20 }, (_, k) => bin('-i', 'clientAllow', `10.${k}`)));
    allows.forEach((result) => expect(result.status, result.stderr).toBe(0));
    expect(readdirSync(join(dir, 'root', 'ip')).filter((name) => name.startsWith('10.'))).toHaveLength(20);
  });

  it('under umask 077 forwardAdd writes a root/servers file dnscache can read, and the restarted cache answers', async () => {
    world = await makeWorld('dnscache-umask', { tinydns: true });
    const { bin, dir, cacheIp, tinydnsIp, top } = world;
    expect((await bin('-i', 'forwardSet', '@', tinydnsIp)).status).toBe(0);
    serve(world);
    expect(dnsip('www.test.zone', cacheIp).stdout.trim()).toBe('10.9.8.7');
    await new Promise((resolve) => setTimeout(resolve, 1100)); // supervise ignores svc for ~1 s after a start
    const added = await withUmask(world, '-i', 'forwardAdd', 'test.zone', tinydnsIp);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toContain('stays up');
    expect(modeOf(join(dir, 'root', 'servers', 'test.zone'))).toBe('644');
    expect(dnsip('www.test.zone', cacheIp).stdout.trim()).toBe('10.9.8.7');

    expect((await withUmask(world, '-i', 'clientAllow', '10.1')).status).toBe(0);
    expect(modeOf(join(dir, 'root', 'ip', '10.1'))).toBe('600'); // dnscache-conf's mode: dnscache only stat()s it
    const resolv = join(top, 'resolv.conf');
    writeFileSync(resolv, 'nameserver 10.0.0.1\n', { mode: 0o644 });
    expect((await withUmask(world, '-p', `resolvConf=${resolv}`, '-i', 'resolvConf')).status).toBe(0);
    const backup = readdirSync(top).find((name) => name.startsWith('resolv.conf.iim-dnscache-'))!;
    expect([modeOf(resolv), modeOf(join(top, backup))]).toEqual(['644', '644']);
    const fresh = join(top, 'new-resolv.conf');
    expect((await withUmask(world, '-p', `resolvConf=${fresh}`, '-i', 'resolvConf')).status).toBe(0);
    expect(modeOf(fresh)).toBe('644');
  });

  it('iim-daemontools envSet applies dnscache\'s DATALIMIT rule; a restart that does not stay up fails with the log line; status marks the crash loop', async () => {
    world = await makeWorld('dnscache-crashloop', { tinydns: true });
    const { dir, serviceDir, tinydnsIp } = world;
    expect((await world.bin('-i', 'forwardSet', '@', tinydnsIp)).status).toBe(0);
    serve(world);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const cacheSize = readFileSync(join(dir, 'env', 'CACHESIZE'), 'utf8');
    const daemontools = await runBin('iim-daemontools', ['-p', `serviceDir=${serviceDir}`, '-p', 'restart=yes', '-p', 'timeout=10', '-i', 'envSet', 'dnscache', 'CACHESIZE', '99000000']);
    expect(daemontools.status).toBe(1);
    expect(daemontools.stderr).toMatch(/^iim-daemontools: envSet: DATALIMIT \d+ leaves -\d+ bytes beside CACHESIZE 99000000: expected DATALIMIT >= CACHESIZE \+ 2000000/);
    expect(readFileSync(join(dir, 'env', 'CACHESIZE'), 'utf8')).toBe(cacheSize);
    // iim-dnscache's own restart of a cache that cannot read root/servers (its own account) fails with the log line
    chmodSync(join(dir, 'root', 'servers', '@'), 0o600);
    const fixed = await world.bin('-i', 'envSet', 'CACHESIZE', '1000001');
    expect(fixed.status, fixed.stdout + fixed.stderr).toBe(1);
    expect(fixed.stderr).toContain(`iim-dnscache: envSet: dnscache in ${dir} does not stay up`);
    expect(fixed.stderr).toContain('unable to read servers: access denied');
    // and a status of it, at any moment of the loop, says it keeps restarting, exit 1
    const status = await world.bin('-i', 'status');
    expect(status.status, status.stdout + status.stderr).toBe(1);
    expect(status.stdout).toMatch(/^\S+: (up \(pid \d+\)|down) \d seconds.*, restarting: \d+ starts in \d+ s[;\n]/);
    expect(status.stderr).toContain('keeps restarting');
    expect(status.stderr).toContain('unable to read servers: access denied');
    const svcStatus = await runBin('iim-daemontools', ['-p', `serviceDir=${serviceDir}`, '-i', 'svcStatus', 'dnscache']);
    expect(svcStatus.status).toBe(1);
    expect(svcStatus.stdout).toMatch(/^dnscache: .*, restarting: \d+ starts in \d+ s; log: up/);
  });

  it('refuses an open resolver without -f, and addresses and sizes that crash dnscache, changing nothing', async () => {
    world = await makeWorld('dnscache-open');
    const { bin, top } = world;
    expect((await bin('-i', 'envSet', 'IP', '203.0.113.5')).status).toBe(0); // public, but answering 127.0.0.1 only
    const before = snapshotTree(top);
    const refused: Array<[string[], string]> = [
      [['clientAllow', '8.8'], 'an open resolver: dnscache would listen on the public address 203.0.113.5 and answer the public client prefix 8.8'],
      [['clientAllow', '1'], 'public client prefix 1 '],
      [['-f', 'setup', '0.0.0.0'], 'bad IP "0.0.0.0"'],
      [['-f', 'setup', '224.0.0.1'], 'multicast'],
      [['envSet', 'IP', '0.0.0.0'], 'bad IP "0.0.0.0"'],
      [['envSet', 'IP', '224.0.0.1'], 'multicast'],
      [['envSet', 'IP', '255.255.255.255'], 'broadcast'],
      [['envSet', 'IPSEND', '255.255.255.255'], 'broadcast'],
      [['forwardAdd', 'x.test', '0.0.0.0'], 'bad server IP "0.0.0.0"'],
      [['forwardAdd', 'x.test', '255.255.255.255'], 'broadcast'],
      [['forwardSet', '@', '239.1.2.3'], 'multicast'],
      [['envSet', 'DATALIMIT', '18446744073709551617'], 'bad DATALIMIT "18446744073709551617": expected 2000100 to 9007199254740991 bytes'],
      [['envSet', 'CACHESIZE', '18446744073709551617'], 'bad CACHESIZE'],
      [['forwardAdd', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`, '10.0.0.1'], '255 bytes > 253'],
    ];
    for (const [args, message] of refused) {
      const words = args[0] === '-f' ? ['-f', '-i', ...args.slice(1)] : ['-i', ...args];
      const result = await bin(...words);
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(1);
      expect(result.stderr, args.join(' ')).toContain(message);
      expect(result.stderr.split('\n').length, result.stderr).toBe(2);
      expect(snapshotTree(top), args.join(' ')).toEqual(before);
    }
    const forced = await bin('-f', '-i', 'clientAllow', '8.8');
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.stderr).toContain('open resolver');
    const privateOnly = await bin('-i', 'envSet', 'IP', world.cacheIp);
    expect(privateOnly.status, privateOnly.stderr).toBe(0);
    const opened = await bin('-i', 'envSet', 'IP', '198.51.100.7');
    expect(opened.status).toBe(1);
    expect(opened.stderr).toContain('refusing IP 198.51.100.7: an open resolver');
  });

  it('refuses planted symlinks at the resolver file, a backup and env/, leaving their targets untouched', async () => {
    world = await makeWorld('dnscache-symlinks');
    const { bin, top, dir } = world;
    const shared = join(top, 'shared');
    mkdirSync(shared);
    const secret = join(top, 'secret');
    writeFileSync(secret, 'root:password\n', { mode: 0o600 });
    const file = join(shared, 'resolv.conf');
    symlinkSync(secret, file);
    const hash = hashOf(secret);
    const before = snapshotTree(top);
    const pointed = await bin('-p', `resolvConf=${file}`, '-i', 'resolvConf');
    expect(pointed.status).toBe(1);
    expect(pointed.stderr).toBe(`iim-dnscache: resolvConf: refusing ${file}: it is a symbolic link to ${secret}; point -p resolvConf at the file itself, or replace the link by a file first\n`);
    expect(snapshotTree(top)).toEqual(before);
    expect(hashOf(secret)).toBe(hash);

    renameSync(file, `${file}.iim-dnscache-20300101T000000Z`);
    writeFileSync(file, 'nameserver 10.0.0.1\n');
    const restoreBefore = snapshotTree(top);
    const restored = await bin('-p', `resolvConf=${file}`, '-i', 'resolvConfRestore');
    expect(restored.status).toBe(1);
    expect(restored.stderr).toContain(`it is a symbolic link to ${secret}, not a file resolvConf made`);
    expect(snapshotTree(top)).toEqual(restoreBefore);

    const elsewhere = join(top, 'elsewhere');
    mkdirSync(elsewhere);
    renameSync(join(dir, 'env'), join(top, 'env.real'));
    symlinkSync(elsewhere, join(dir, 'env'));
    const envBefore = snapshotTree(top);
    const set = await bin('-i', 'envSet', 'DATALIMIT', '5000000');
    expect(set.status).toBe(1);
    expect(set.stderr).toContain(`refusing ${join(dir, 'env')}: it is a symbolic link to ${elsewhere}, where a directory is expected`);
    expect(snapshotTree(top)).toEqual(envBefore);
  });

  it('forwardAdd takes a valid 253-character domain', async () => {
    world = await makeWorld('dnscache-long');
    const domain = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(domain).toHaveLength(253);
    const added = await world.bin('-i', 'forwardAdd', domain, '10.0.0.1');
    expect(added.status, added.stderr).toBe(0); // needs the framework's short temporary names
    expect(readFileSync(join(world.dir, 'root', 'servers', domain), 'utf8')).toBe('10.0.0.1\n');
  });
});
