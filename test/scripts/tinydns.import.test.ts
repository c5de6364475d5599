// recordImport: recordList's output of one real tinydns, imported into another, gives the same
// records and the same answers from tinydns-get; bad lines are named FILE:LINE with nothing changed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { runBin } from '../support/run-bin.js';
import { worldsOfTest } from '../support/tinydns-world.js';

const ready = available('tinydns-conf', 'tinydns-data', 'tinydns-get') && isRoot();

describe.skipIf(!ready)('iim-tinydns recordImport', () => {
  const { world, ok, tearDownAll } = worldsOfTest();
  afterEach(tearDownAll);

  it("copies a zone: recordList's output imported elsewhere gives the same records and answers, in one compile", async () => {
    const source = await world('tinydns-import-source');
    for (const args of [
      ['ns', 'example.test', source.ip],
      ['ns', '2.0.10.in-addr.arpa', source.ip],
      ['host', 'www.example.test', '10.0.2.1'],
      ['alias', 'web.example.test', '10.0.2.2', '300'],
      ['mx', 'example.test', '10.0.2.25', '10'],
      ['cname', 'ftp.example.test', 'www.example.test'],
      ['txt', 'note.example.test', "it's: a\nsecond line"],
      ['srv', '_sip._udp.example.test', 'sip.example.test', '5060', '10', '20', '3600'],
      ['aaaa', 'v6.example.test', '2001:db8::1'],
      ['childns', 'sub.example.test', '10.0.2.53'],
    ]) await ok(source, '-i', 'recordAdd', ...args);
    const listed = (await ok(source, '-i', 'recordList')).stdout;
    expect(listed).toContain("txt note.example.test $'it\\'s: a\\012second line' 86400");
    const file = join(source.top, 'example.test.records');
    writeFileSync(file, `# example.test, copied\n\n${listed}`);

    const copy = await world('tinydns-import-copy');
    const imported = await ok(copy, '-i', 'recordImport', file);
    expect(imported.stdout).toContain('added 10 record(s), and compiled');
    expect((await ok(copy, '-i', 'recordList')).stdout).toBe(listed);
    for (const [type, name] of [['a', 'www.example.test'], ['ptr', '1.2.0.10.in-addr.arpa'], ['mx', 'example.test'], ['txt', 'note.example.test'], ['srv', '_sip._udp.example.test'], ['aaaa', 'v6.example.test']]) {
      const theirs = (await ok(source, '-i', 'query', type, name)).stdout;
      expect((await ok(copy, '-i', 'query', type, name)).stdout, `${type} ${name}`).toBe(theirs);
    }

    const data = copy.readData();
    const again = await ok(copy, '-i', 'recordImport', file);
    expect(again.stderr).toContain('all 10 records are there already: nothing changed');
    expect(copy.readData()).toBe(data);
  }, 120_000);

  it('reads standard input with -, and -n showOnly changes nothing', async () => {
    const w = await world('tinydns-import-stdin');
    const text = `ns example.test ${w.ip}\nhost www.example.test 10.0.2.1\n`;
    const shown = await runBin('iim-tinydns', ['-p', `dir=${w.dir}`, '-n', 'showOnly', '-i', 'recordImport', '-'], { input: text });
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stderr).toContain('tinydns-data');
    expect(w.readData()).toBe('');
    const piped = await runBin('iim-tinydns', ['-p', `dir=${w.dir}`, '-i', 'recordImport', '-'], { input: text });
    expect(piped.status, piped.stderr).toBe(0);
    expect(w.readData()).toBe(`.example.test:${w.ip}:a:259200\n=www.example.test:10.0.2.1:86400\n`);
  }, 60_000);

  it('loses nothing when imports and recordAdds run at the same time (one lock for both)', async () => {
    const w = await world('tinydns-import-concurrent');
    await ok(w, '-i', 'recordAdd', 'ns', 'example.test', w.ip);
    const files = [0, 1, 2, 3].map((batch) => {
      const file = join(w.top, `batch${batch}.records`);
      writeFileSync(file, Array.from({ length: 25 }, (_, i) => `alias b${batch}-${i}.example.test 10.0.${batch}.${i + 1}`).join('\n') + '\n');
      return file;
    });
    const results = await Promise.all([
      ...files.map((file) => w.bin('-i', 'recordImport', file)),
      ...[0, 1, 2, 3].map((i) => w.bin('-i', 'recordAdd', 'alias', `single${i}.example.test`, `10.9.0.${i + 1}`)),
    ]);
    for (const result of results) expect(result.status, result.stderr).toBe(0);
    const lines = w.readData().trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 4 * 25 + 4);
    expect(new Set(lines).size).toBe(lines.length);
    for (let batch = 0; batch < 4; batch++) expect(lines).toContain(`+b${batch}-24.example.test:10.0.${batch}.25:86400`);
    expect(lines).toContain('+single3.example.test:10.9.0.4:86400');
  }, 120_000);

  it('names every bad line as FILE:LINE and changes nothing, not even with the good lines', async () => {
    const w = await world('tinydns-import-bad');
    await ok(w, '-i', 'recordAdd', 'ns', 'example.test', w.ip);
    const dataBefore = readFileSync(w.data);
    const cdbBefore = readFileSync(join(w.dir, 'root', 'data.cdb'));
    const file = join(w.top, 'bad.records');
    writeFileSync(file, [
      'host good.example.test 10.0.2.1',
      'host bad.example.test 10.0.2.999',
      'txt x.example.test \'unbalanced',
      'ptr 10.0.2.9 ../../etc',
      'frob a.example.test 1.2.3.4',
      'host also-good.example.test 10.0.2.2',
    ].join('\n'));
    const refused = await w.bin('-i', 'recordImport', file);
    expect(refused.status).toBe(1);
    const lines = refused.stderr.split('\n').filter((line) => line.startsWith(`${file}:`));
    expect(lines.map((line) => line.split(':')[1])).toEqual(['2', '3', '4', '5']);
    expect(refused.stderr).toContain('unknown record kind "frob"');
    expect(refused.stderr).toContain(`4 bad line(s) in ${file}: nothing changed`);
    expect(readFileSync(w.data)).toEqual(dataBefore);
    expect(readFileSync(join(w.dir, 'root', 'data.cdb'))).toEqual(cdbBefore);
    const missing = await w.bin('-i', 'recordImport', join(w.top, 'nowhere'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`no file ${join(w.top, 'nowhere')}: recordImport reads lines as recordList prints them`);
  }, 60_000);
});
