// zoneImport moves a zone in: the zone's old lines in data are replaced by the file's in one
// locked change, other zones' lines stay byte for byte, a second import changes nothing,
// -n showOnly changes nothing, zoneMode=add keeps the old lines.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { worldsOfTest, type TinydnsWorld } from '../support/tinydns-world.js';

const ready = available('tinydns-conf', 'tinydns-data', 'tinydns-get') && isRoot();

/** The answer lines tinydns-get gives from the world's data.cdb. */
function answers(w: TinydnsWorld, type: string, name: string): string[] {
  const got = spawnSync('tinydns-get', [type, name], { cwd: join(w.dir, 'root'), encoding: 'latin1' });
  expect(got.status, got.stderr).toBe(0);
  return got.stdout.split('\n').filter((line) => line.startsWith('answer: '));
}

describe.skipIf(!ready)('iim-tinydns zoneImport replaces the zone', () => {
  const { world, ok, tearDownAll } = worldsOfTest();
  afterEach(() => tearDownAll());

  /** A data file with example.test, another zone, a zone served below example.test, a comment and a location. */
  function prepare(w: TinydnsWorld) {
    const others = {
      head: ['# other zones and comments stay', `.other.test:${w.ip}:a:259200`, '+www.other.test:10.0.3.1:86400'],
      sub: [`.sub.example.test:${w.ip}:a:259200`, '+www.sub.example.test:10.0.4.1:86400', '%in:10.0'],
    };
    const old = [`.example.test:${w.ip}:a:259200`, '+old.example.test:10.0.2.9:86400', "'example.test:old text:86400", '=Host.Example.Test.:10.0.2.12:86400'];
    const lines = [...others.head, old[0], old[1], '+keep.example.test:10.0.2.10:86400', old[2], ...others.sub, old[3]];
    writeFileSync(w.data, lines.join('\n') + '\n');
    const zone = join(w.top, 'example.test.zone');
    writeFileSync(
      zone,
      [
        '$TTL 86400',
        '$ORIGIN example.test.',
        '@ IN SOA ns1 hostmaster 2026120101 7200 1800 1209600 300',
        '@ IN NS ns1',
        `ns1 IN A ${w.ip}`,
        'keep IN A 10.0.2.10',
        'new IN A 10.0.2.11',
        '',
      ].join('\n'),
    );
    const imported = [
      'Zexample.test:ns1.example.test:hostmaster.example.test:2026120101:7200:1800:1209600:300:86400',
      '&example.test::ns1.example.test:86400',
      `+ns1.example.test:${w.ip}:86400`,
      '+new.example.test:10.0.2.11:86400',
    ];
    return { zone, others, old, imported };
  }

  it("replaces the zone's old lines by the file's: a record only in data is gone, other zones' lines stay byte for byte", async () => {
    const w = await world('tinydns-zone-replace');
    const { zone, others, imported } = prepare(w);
    await ok(w, '-i', 'dataCompile');
    expect(answers(w, 'a', 'old.example.test')).toEqual(['answer: old.example.test 86400 A 10.0.2.9']);
    expect(answers(w, 'a', 'host.example.test')).toEqual(['answer: host.example.test 86400 A 10.0.2.12']);

    const result = await ok(w, '-i', 'zoneImport', zone);
    expect(result.stdout).toBe('added 4 record(s) of example.test., 1 there already, removed 4 old line(s) of it, and compiled\n');
    expect(w.readData()).toBe([...others.head, '+keep.example.test:10.0.2.10:86400', ...others.sub, ...imported].join('\n') + '\n');
    // What tinydns serves from the compiled data: the old records are gone, the file's and the other zones' are there.
    expect(answers(w, 'a', 'old.example.test')).toEqual([]);
    expect(answers(w, 'a', 'host.example.test')).toEqual([]);
    expect(answers(w, 'txt', 'example.test')).toEqual([]);
    expect(answers(w, 'a', 'new.example.test')).toEqual(['answer: new.example.test 86400 A 10.0.2.11']);
    expect(answers(w, 'a', 'keep.example.test')).toEqual(['answer: keep.example.test 86400 A 10.0.2.10']);
    expect(answers(w, 'soa', 'example.test')).toEqual(['answer: example.test 86400 SOA ns1.example.test hostmaster.example.test 2026120101 7200 1800 1209600 300']);
    expect(answers(w, 'a', 'www.other.test')).toEqual(['answer: www.other.test 86400 A 10.0.3.1']);
    expect(answers(w, 'a', 'www.sub.example.test')).toEqual(['answer: www.sub.example.test 86400 A 10.0.4.1']);

    // The same file again: every line is there, nothing moves.
    const before = w.readData();
    const again = await ok(w, '-i', 'zoneImport', zone);
    expect([again.stdout, again.stderr]).toEqual(['', 'all 5 records of example.test. are there already: nothing changed\n']);
    expect(w.readData()).toBe(before);
  }, 60_000);

  it('-n showOnly shows the change and changes neither data nor data.cdb', async () => {
    const w = await world('tinydns-zone-replace-show');
    const { zone } = prepare(w);
    await ok(w, '-i', 'dataCompile');
    const data = w.readData();
    const cdb = readFileSync(join(w.dir, 'root', 'data.cdb'));
    const shown = await ok(w, '-n', 'showOnly', '-i', 'zoneImport', zone);
    expect(shown.stdout).toBe('added 4 record(s) of example.test., 1 there already, removed 4 old line(s) of it, and compiled (shown, not done)\n');
    expect(shown.stderr).toContain('tinydns-data');
    expect(w.readData()).toBe(data);
    expect(readFileSync(join(w.dir, 'root', 'data.cdb'))).toEqual(cdb);
    expect(answers(w, 'a', 'old.example.test')).toEqual(['answer: old.example.test 86400 A 10.0.2.9']);
  }, 60_000);

  it("zoneMode=add keeps the zone's old lines and adds the file's beside them, with a warning", async () => {
    const w = await world('tinydns-zone-replace-add');
    const { zone } = prepare(w);
    await ok(w, '-i', 'dataCompile');
    const before = w.readData();
    const result = await ok(w, '-p', 'zoneMode=add', '-i', 'zoneImport', zone);
    expect(result.stdout).toBe('added 4 record(s) of example.test., 1 there already, and compiled\n');
    expect(result.stderr).toContain('already serves example.test: the records are added beside its lines');
    expect(w.readData().startsWith(before)).toBe(true);
    expect(answers(w, 'a', 'old.example.test')).toEqual(['answer: old.example.test 86400 A 10.0.2.9']);
    expect(answers(w, 'a', 'new.example.test')).toEqual(['answer: new.example.test 86400 A 10.0.2.11']);
  }, 60_000);
});
