// What iim-tinydns refuses, byte for byte unchanged afterwards: records tinydns can never serve
// (a TXT too big for data.cdb's lookups, CNAME clashes), a missing service, a CRLF data file,
// a symlinked data, IPs with leading zeros; and what it accepts with a warning (a TXT too big for UDP).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { escapeText } from '../../lib/tinydns/escape.js';
import { runBin } from '../support/run-bin.js';
import { dnsq, makeWorld, serve, tearDown, type TinydnsWorld } from '../support/tinydns-world.js';

const ready = available('tinydns', 'tinydns-conf', 'tinydns-data', 'tinydns-get', 'dnsq', 'svscan') && isRoot();

describe.skipIf(!ready)('iim-tinydns refuses what cannot be served or safely edited', () => {
  let world: TinydnsWorld | undefined;
  afterEach(() => {
    const leaving = world;
    world = undefined;
    tearDown(leaving);
  });
  const START = (ip: string) => `.example.test:${ip}:a:259200\n+www.example.test:10.0.0.1:86400\nCftp.example.test:www.example.test:86400\n`;
  const startWith = async (label: string) => {
    const w = (world = await makeWorld(label));
    writeFileSync(w.data, START(w.ip));
    execFileSync('tinydns-data', [], { cwd: join(w.dir, 'root') });
    return w;
  };
  const snapshot = (w: TinydnsWorld) => ({
    data: readFileSync(w.data),
    cdb: readFileSync(join(w.dir, 'root', 'data.cdb')),
    files: readdirSync(join(w.dir, 'root')).sort(),
  });
  const expectUnchanged = (w: TinydnsWorld, before: ReturnType<typeof snapshot>) => {
    const after = snapshot(w);
    expect(after.data.equals(before.data)).toBe(true);
    expect(after.cdb.equals(before.cdb)).toBe(true);
    expect(after.files).toEqual(before.files);
  };
  const refused = async (w: TinydnsWorld, message: string, ...args: string[]) => {
    const result = await w.bin(...args);
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toContain(message);
    return result;
  };

  it('refuses a TXT tinydns never answers, and adds one over 512 bytes with a warning: dnsq gets it truncated', async () => {
    const w = await startWith('tinydns-txt-size');
    const before = snapshot(w);
    await refused(w, 'iim-tinydns: recordAdd: TXT text of 48000 bytes is never answered: its data.cdb record is', '-i', 'recordAdd', 'txt', 'huge.example.test', 'x'.repeat(48_000));
    await refused(w, 'TXT text of 32497 bytes is never answered', '-i', 'recordAdd', 'txt', 'huge.example.test', 'x'.repeat(32_497));
    expectUnchanged(w, before);
    // The largest TXT tinydns answers is added and answered by tinydns-get.
    expect((await w.bin('-i', 'recordAdd', 'txt', 'max.example.test', 'y'.repeat(32_496))).status).toBe(0);
    expect(execFileSync('tinydns-get', ['txt', 'max.example.test'], { cwd: join(w.dir, 'root'), encoding: 'latin1' })).toContain('answer: max.example.test');
    const big = await w.bin('-i', 'recordAdd', 'txt', 'big.example.test', 'z'.repeat(1200));
    expect(big.status, big.stderr).toBe(0);
    expect(big.stderr).toContain('warning: TXT of big.example.test makes an answer of at least 1256 bytes > 512: tinydns sends it truncated over UDP and has no TCP; serve it over TCP with axfrdns as well');
    const small = await w.bin('-i', 'recordAdd', 'txt', 'small.example.test', 'hello');
    expect(small.stderr).not.toContain('warning');
    serve(w);
    expect(dnsq('txt', 'small.example.test', w.ip)).toContain('answer: small.example.test 86400 16 \\005hello');
    const truncated = dnsq('txt', 'big.example.test', w.ip, 3000);
    expect(truncated).not.toContain('answer:');
    expect(truncated).toContain('connection refused'); // dnsq retried over TCP after TC; tinydns has none
  }, 60_000);

  it('refuses a CNAME to itself, beside other data, or other data beside a CNAME, in recordAdd and recordImport', async () => {
    const w = await startWith('tinydns-cname');
    const before = snapshot(w);
    const rule = 'a name with a CNAME can have no other data (RFC 1034 §3.6.2)';
    await refused(w, 'iim-tinydns: recordAdd: bad target "loop.example.test": a CNAME to itself', '-i', 'recordAdd', 'cname', 'loop.example.test', 'loop.example.test');
    await refused(w, `iim-tinydns: recordAdd: www.example.test already has other data (line 2: +www.example.test:10.0.0.1:86400): ${rule}`, '-i', 'recordAdd', 'cname', 'www.example.test', 'web.example.test');
    await refused(w, `ftp.example.test already has a CNAME (line 3: Cftp.example.test:www.example.test:86400)`, '-i', 'recordAdd', 'cname', 'ftp.example.test', 'other.example.test');
    for (const args of [['alias', 'ftp.example.test', '10.0.0.9'], ['mx', 'ftp.example.test', '10.0.0.25'], ['txt', 'FTP.example.test', 'x']]) {
      await refused(w, `ftp.example.test has a CNAME (line 3: Cftp.example.test:www.example.test:86400): ${rule}`, '-i', 'recordAdd', ...args);
    }
    const file = join(w.top, 'clash.records');
    writeFileSync(file, [
      'cname new.example.test www.example.test',
      'alias new.example.test 10.0.0.5',
      'cname 7.0.0.10.in-addr.arpa ptr.example.test',
      'host mail.example.test 10.0.0.7',
      'alias ftp.example.test 10.0.0.8',
      'alias fine.example.test 10.0.0.6',
    ].join('\n') + '\n');
    const imported = await refused(w, `iim-tinydns: recordImport: 3 record(s) of ${file} refused: nothing changed`, '-i', 'recordImport', file);
    expect(imported.stderr).toContain(`${file}:2: new.example.test has a CNAME (import: Cnew.example.test:www.example.test:86400): ${rule}\n`);
    expect(imported.stderr).toContain(`${file}:4: 7.0.0.10.in-addr.arpa has a CNAME (import: C7.0.0.10.in-addr.arpa:ptr.example.test:86400): ${rule}\n`);
    expect(imported.stderr).toContain(`${file}:5: ftp.example.test has a CNAME (line 3: Cftp.example.test:www.example.test:86400)`);
    expectUnchanged(w, before);
  }, 60_000);

  it('refuses a missing service before making any lock file, a CRLF data naming its line, and a leading-zero IP', async () => {
    const w = await startWith('tinydns-inputs');
    const nowhere = join(w.top, 'nowhere');
    const missing = await runBin('iim-tinydns', ['-p', `dir=${nowhere}`, '-i', 'recordAdd', 'alias', 'x.example.test', '10.0.0.2']);
    expect(missing).toMatchObject({ status: 1, stderr: `iim-tinydns: recordAdd: no ${nowhere}/root/data: set the service up first (iim-tinydns -p dir=${nowhere} -i setup IP) or give -p dir=DIR\n` });
    expect(existsSync(nowhere)).toBe(false);
    const compile = await runBin('iim-tinydns', ['-p', `dir=${nowhere}`, '-i', 'dataCompile']);
    expect(compile.stderr).toContain(`no ${nowhere}/root/data: set the service up first`);
    expect(existsSync(nowhere)).toBe(false);

    const before = snapshot(w);
    await refused(w, 'bad IP "010.1.1.1": octet "010" has a leading zero (tinydns-data reads it as decimal 10, other tools as octal): write 10', '-i', 'recordAdd', 'alias', 'z.example.test', '010.1.1.1');
    expectUnchanged(w, before);

    writeFileSync(w.data, START(w.ip).replace(/\n/g, '\r\n'));
    execFileSync('tinydns-data', [], { cwd: join(w.dir, 'root') });
    const dos = snapshot(w);
    await refused(w, `iim-tinydns: recordAdd: ${w.data}:1: carriage return (DOS line ending): refusing to edit a data file with CR line ends; remove them first (sed -i 's/\\r$//' ${w.data})`, '-i', 'recordAdd', 'alias', 'x.example.test', '10.0.0.2');
    await refused(w, `${w.data}:1: carriage return`, '-i', 'recordRemove', 'alias', 'www.example.test');
    expectUnchanged(w, dos);
  }, 60_000);

  it('refuses to edit through a symbolic link (root/data or root/), naming what it points to, locking and writing nothing', async () => {
    const w = await startWith('tinydns-symlink');
    const elsewhere = join(w.top, 'elsewhere');
    mkdirSync(elsewhere);
    renameSync(w.data, join(elsewhere, 'data'));
    symlinkSync(join(elsewhere, 'data'), w.data);
    const before = snapshot(w);
    await refused(w, `iim-tinydns: recordAdd: ${w.data} is a symbolic link to ${join(elsewhere, 'data')}: refusing to edit through it`, '-i', 'recordAdd', 'alias', 'x.example.test', '10.0.0.2');
    expectUnchanged(w, before);
    expect(readFileSync(join(elsewhere, 'data'), 'utf8')).toBe(START(w.ip));

    const root = join(w.dir, 'root');
    renameSync(root, join(w.top, 'real-root'));
    symlinkSync(join(w.top, 'real-root'), root);
    const records = join(w.top, 'one.records');
    writeFileSync(records, 'alias y.example.test 10.0.0.3\n');
    const listed = readdirSync(join(w.top, 'real-root')).sort();
    await refused(w, `${root} is a symbolic link to ${join(w.top, 'real-root')}: refusing to edit through it`, '-i', 'recordImport', records);
    expect(readdirSync(join(w.top, 'real-root')).sort()).toEqual(listed);
  }, 60_000);

  it("recordList keeps locations, timestamps and lines it cannot word (raw), recordImport brings them back; ns . works beside other ns", async () => {
    const w = await startWith('tinydns-roundtrip');
    expect((await w.bin('-i', 'recordAdd', 'ns', '.', w.ip)).status).toBe(0);
    const lines = [
      '%lo:127.0.0',
      '+intra.example.test:10.1.0.1:300::lo',
      "'later.example.test:soon:0:4000000070000000",
      '.example.test:10.1.0.53:b:600',
      'Zexample.test:a.ns.example.test:hostmaster.example.test:1:16384:2048:1048576:2560:2560',
      ':gen.example.test:99:\\001\\002:86400',
      '+upper.Example.TEST.:10.1.0.2',
    ];
    writeFileSync(w.data, w.readData() + lines.join('\n') + '\n');
    const listed = await w.bin('-i', 'recordList');
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout.split('\n')).toEqual(expect.arrayContaining([
      'location lo 127.0.0',
      'alias intra.example.test 10.1.0.1 300 location=lo',
      'txt later.example.test soon ttd=2029-07-18T05:49:42Z',
      'ns example.test 10.1.0.53 b ttl=600',
      'soa example.test a.ns.example.test hostmaster.example.test 1',
      "generic gen.example.test 99 '\\# 2 0102' 86400",
      'alias upper.example.test 10.1.0.2',
      `ns . ${w.ip} a`,
    ]));
    const file = join(w.top, 'copy.records');
    const word = `$'\\u00e9t\\u00e9'"a\\nb"`; // bash: "été" then a literal backslash-n inside double quotes
    writeFileSync(file, `${listed.stdout}txt bash.example.test ${word}  # a comment, as in bash\n`);
    const copy = await makeWorld('tinydns-roundtrip-copy');
    try {
      const imported = await copy.bin('-i', 'recordImport', file);
      expect(imported.status, imported.stderr).toBe(0);
      const data = copy.readData();
      for (const line of ['%lo:127.0.0', '+intra.example.test:10.1.0.1:300::lo', "'later.example.test:soon:0:4000000070000000", '.example.test:10.1.0.53:b:600', lines[4], lines[5]]) {
        expect(data.split('\n'), line).toContain(line);
      }
      const bashWord = execFileSync('bash', ['--norc', '-c', `printf '%s' ${word}`], { env: { LANG: 'C.UTF-8', PATH: process.env.PATH } }).toString('utf8');
      expect(bashWord).toBe('étéa\\nb');
      expect(data.split('\n')).toContain(`'bash.example.test:${escapeText(bashWord)}:86400`);
      expect(data).not.toContain('comment');
      const out = execFileSync('tinydns-get', ['a', 'intra.example.test', '127.0.0.1'], { cwd: join(copy.dir, 'root'), encoding: 'latin1' });
      expect(out).toContain('answer: intra.example.test 300 A 10.1.0.1');
    } finally {
      tearDown(copy);
    }
  }, 60_000);
});
