// iim-tinydns keeps root/data safe: hostile input changes no byte, parallel adds all land,
// -n showOnly touches nothing, a failed compile puts the old data back.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { makeWorld, tearDown, type TinydnsWorld } from '../support/tinydns-world.js';

const ready = available('tinydns-conf', 'tinydns-data', 'tinydns-get') && isRoot();

const START = '.example.test:127.53.0.1:a:259200\n=www.example.test:10.0.0.1:86400\n';

describe.skipIf(!ready)('iim-tinydns keeps root/data safe', () => {
  let world: TinydnsWorld | undefined;
  afterEach(() => {
    const leaving = world;
    world = undefined;
    tearDown(leaving);
  });

  const startWith = async (label: string, data = START) => {
    world = await makeWorld(label);
    writeFileSync(world.data, data);
    execFileSync('tinydns-data', [], { cwd: join(world.dir, 'root') });
    return world;
  };

  it('refuses hostile input with a message quoting it, root/data and data.cdb byte-identical', async () => {
    const w = await startWith('tinydns-hostile');
    const cdb = readFileSync(join(w.dir, 'root', 'data.cdb'));
    const hostile: Array<[string[], string]> = [
      [['host', 'a:b.example.test', '10.0.0.2'], 'bad domain name "a:b.example.test": character ":" not allowed'],
      [['host', 'x.example.test\n=evil.example.test', '10.0.0.2'], 'bad domain name "x.example.test\\n=evil.example.test"'],
      [['host', '../etc/passwd', '10.0.0.2'], 'bad domain name "../etc/passwd": empty label'],
      [['host', `$(touch ${w.top}/pwned).example.test`, '10.0.0.2'], 'character "$" not allowed'],
      [['host', 'x.example.test', '10.0.0.256'], 'bad IP "10.0.0.256": octet 256 > 255'],
      [['host', 'x.example.test', '10.0.0.2', 'abc'], 'bad TTL "abc": expected a number 0-4294967295'],
      [['host', 'a..b.example.test', '10.0.0.2'], 'bad domain name "a..b.example.test": empty label'],
      [['alias', '', '10.0.0.2'], 'bad domain name "": empty'],
      [['cname', 'c.example.test', 'www.example.test:1.2.3.4'], 'bad target "www.example.test:1.2.3.4"'],
      [['mx', 'example.test', '10.0.0.3', '10; rm -rf /'], 'bad MX distance "10; rm -rf /"'],
      [['srv', '_s._tcp.example.test', 'x.example.test', '65536'], 'bad SRV port "65536": 65536 > 65535'],
      [['aaaa', 'v6.example.test', '2001:db8::1::2'], 'bad IPv6 address "2001:db8::1::2": "::" may appear only once'],
      [['txt', 'bad name.example.test', 'x'], 'character " " not allowed'],
      [['ptr', '10.0.0.9', 'a`id`.example.test'], 'character "`" not allowed'],
      [['ns', 'example.test', '10.0.0.4', 'x:y'], 'bad server label "x:y"'],
      [['ns', 'example.test', '10.0.0.4\n'], 'bad IP "10.0.0.4\\n"'],
    ];
    for (const [args, message] of hostile) {
      const result = await w.bin('-i', 'recordAdd', ...args);
      expect(result.status, args.join(' ')).toBe(1);
      expect(result.stderr).toContain('iim-tinydns: recordAdd: ');
      expect(result.stderr).toContain(message);
      expect(w.readData()).toBe(START);
    }
    expect(readFileSync(join(w.dir, 'root', 'data.cdb')).equals(cdb)).toBe(true);
    expect(existsSync(join(w.top, 'pwned'))).toBe(false);
    expect(readdirSync(join(w.dir, 'root')).sort()).toEqual(['Makefile', 'add-alias', 'add-childns', 'add-host', 'add-mx', 'add-ns', 'data', 'data.cdb', 'data.lock']);
  }, 240_000);

  it('escapes a TXT text with ":", newlines and shell characters into one data line', async () => {
    const w = await startWith('tinydns-txt');
    const text = 'a:b\n=evil.example.test:6.6.6.6\r$(id) `x` \\ "q"';
    const result = await w.bin('-i', 'recordAdd', 'txt', 'note.example.test', text);
    expect(result.status, result.stderr).toBe(0);
    expect(w.readData()).toBe(`${START}'note.example.test:a\\072b\\012=evil.example.test\\0726.6.6.6\\015$(id) \`x\` \\134 "q":86400\n`);
    const got = execFileSync('tinydns-get', ['a', 'evil.example.test'], { cwd: join(w.dir, 'root'), encoding: 'latin1' });
    expect(got).not.toContain('answer:');
  });

  it('adds an identical record only once, saying so', async () => {
    const w = await startWith('tinydns-again');
    const again = await w.bin('-i', 'recordAdd', 'host', 'www.example.test', '10.0.0.1');
    expect(again).toMatchObject({ status: 0, stderr: 'already there, nothing changed: =www.example.test:10.0.0.1:86400\n' });
    const ns = await w.bin('-i', 'recordAdd', 'ns', 'example.test', '127.53.0.1');
    expect(ns.stderr).toBe('already there, nothing changed: .example.test:127.53.0.1:a:259200\n');
    const second = await w.bin('-i', 'recordAdd', 'ns', 'example.test', '127.53.0.2');
    expect(second.status, second.stderr).toBe(0);
    expect(w.readData()).toBe(`${START}.example.test:127.53.0.2:b:259200\n`);
  });

  it('lands every one of 20 parallel recordAdd processes, each line once', async () => {
    const w = await startWith('tinydns-parallel');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => w.bin('-i', 'recordAdd', 'alias', `h${i}.example.test`, `10.0.3.${i}`)),
    );
    for (const result of results) expect(result.status, result.stderr).toBe(0);
    const lines = w.readData().split('\n').filter(Boolean);
    expect(lines.slice(0, 2)).toEqual(START.trim().split('\n'));
    expect(lines.slice(2).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `+h${i}.example.test:10.0.3.${i}:86400`).sort());
    // data.lock stays (a flock'ed file is never removed); no temporary file is left.
    expect(readdirSync(join(w.dir, 'root')).filter((name) => name.startsWith('.') || name.includes('tmp'))).toEqual([]);
    for (const i of [0, 7, 19]) {
      const got = execFileSync('tinydns-get', ['a', `h${i}.example.test`], { cwd: join(w.dir, 'root'), encoding: 'latin1' });
      expect(got).toContain(`answer: h${i}.example.test 86400 A 10.0.3.${i}`);
    }
  }, 240_000);

  it('changes nothing under -n showOnly, and shows what it would do', async () => {
    const w = await startWith('tinydns-show');
    const cdb = statSync(join(w.dir, 'root', 'data.cdb'));
    const listed = readdirSync(join(w.dir, 'root')).sort();
    const shown = await w.bin('-n', 'showOnly', '-i', 'recordAdd', 'alias', 'new.example.test', '10.0.2.7');
    expect(shown.status, shown.stderr).toBe(0);
    // the serial (data's mtime) moves past data.cdb's (lib/tinydns/serial.ts)
    const serial = Math.max(Math.floor(cdb.mtimeMs / 1000) + 1, Number(/touch -d @([0-9]+) /.exec(shown.stderr)?.[1]));
    expect(shown.stderr).toBe(
      `cat > ${w.data} <<'EOF'  # atomic: temporary file + rename\n${START}+new.example.test:10.0.2.7:86400\nEOF\n` +
        `chmod 644 ${w.data}\ntouch -d @${serial} ${w.data}\n(cd ${join(w.dir, 'root')} && tinydns-data)\n` +
        `touch -d @${serial} ${w.data}.cdb\n`,
    );
    const removal = await w.bin('-n', 'showOnly', '-i', 'recordRemove', 'host', 'www.example.test');
    expect(removal.status, removal.stderr).toBe(0);
    expect(w.readData()).toBe(START);
    expect(statSync(join(w.dir, 'root', 'data.cdb')).mtimeMs).toBe(cdb.mtimeMs);
    expect(readdirSync(join(w.dir, 'root')).sort()).toEqual(listed);
  });

  it('setup under -n showOnly creates nothing and shows the account it would create', async () => {
    world = await makeWorld('tinydns-setup-show', { setup: false });
    const shown = await world.bin('-n', 'showOnly', '-p', 'logAccount=iimnosuchlog', '-i', 'setup', '127.53.0.1');
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stderr.split('\n')).toEqual([
      'creating the system account iimnosuchlog (tinydns-conf needs it and does not check)',
      'useradd -r -s /usr/sbin/nologin -d /nonexistent iimnosuchlog',
      `tinydns-conf tinydns iimnosuchlog ${world.dir} 127.53.0.1`,
      expect.stringMatching(new RegExp(`^touch -d @[0-9]+ ${join(world.dir, 'root', 'data')}$`)),
      `(cd ${join(world.dir, 'root')} && tinydns-data)`,
      expect.stringMatching(new RegExp(`^touch -d @[0-9]+ ${join(world.dir, 'root', 'data.cdb')}$`)),
      `printf '%s' '' > ${join(world.dir, 'root', 'data.lock')}  # atomic: temporary file + rename`,
      `chmod 644 ${join(world.dir, 'root', 'data.lock')}`,
      `mkdir -p ${world.serviceDir}`,
      `ln -s ${world.dir} ${join(world.serviceDir, 'tinydns')}`,
      '',
    ]);
    expect(readdirSync(world.top)).toEqual([]);
  });

  it('puts the previous data back when tinydns-data refuses the changed file', async () => {
    // Debian's tinydns-data refuses IPv6 "6" lines: every compile of this file fails.
    const broken = `${START}6v6.example.test:20010db8000000000000000000000001:86400\n`;
    const w = await startWith('tinydns-restore', START);
    writeFileSync(w.data, broken);
    const cdb = readFileSync(join(w.dir, 'root', 'data.cdb'));
    const result = await w.bin('-i', 'recordAdd', 'alias', 'new.example.test', '10.0.2.7');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`iim-tinydns: recordAdd: tinydns-data refused the changed data, so ${w.data} is back as it was: FAILED: tinydns-data [exit 111]: tinydns-data: fatal: unable to parse data line`);
    expect(w.readData()).toBe(broken);
    expect(readFileSync(join(w.dir, 'root', 'data.cdb')).equals(cdb)).toBe(true);
    expect(readdirSync(join(w.dir, 'root')).filter((name) => name.startsWith('.') || name.includes('tmp') || (name.endsWith('.lock') && name !== 'data.lock'))).toEqual([]);
  });

  it('dataCompile refuses a data file with errors unless -f, naming each', async () => {
    const w = await startWith('tinydns-compile', START);
    writeFileSync(w.data, `${START}+bad.example.test:10.0.0.256\n`);
    const refused = await w.bin('-i', 'dataCompile');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      `${w.data}:3: bad IP "10.0.0.256": octet 256 > 255\n` +
        `iim-tinydns: dataCompile: ${w.data} has 1 error(s): fix them (iim-tinydns -p dir=${w.dir} -p serviceDir=${w.serviceDir} -i dataCheck), or compile anyway with -f\n`,
    );
    const forced = await w.bin('-f', '-i', 'dataCompile');
    expect(forced.status, forced.stderr).toBe(0);
  });
});
