// iim-tinydns reads root/data only as a file of its own (no link at root/ or root/data), never
// lets $INCLUDE out of the zone's directory through a link, and reads only plain files of
// bounded size (a named /dev/zero would grow memory without end).
import { mkdirSync, renameSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { makeWorld, tearDown, type TinydnsWorld } from '../support/tinydns-world.js';
import { expectRefusedWithoutLeak, plantVictim } from '../support/victims.js';

const ready = available('tinydns-conf', 'tinydns-data') && isRoot();
const SECRET = 's3cr3t-shadow';
// A valid data line, so that reading through the link would compile and list it.
const VICTIM = `+${SECRET}.example.test:10.6.6.6:86400\n`;
const ZONE = (extra: string) => `$TTL 3600\n@ IN SOA ns.z.test. admin.z.test. 1 3600 600 86400 300\n@ IN NS ns.z.test.\nns IN A 10.0.0.1\n${extra}`;

describe.skipIf(!ready)('iim-tinydns reads no file through a planted link', () => {
  let world: TinydnsWorld | undefined;
  afterEach(() => {
    const leaving = world;
    world = undefined;
    tearDown(leaving);
  });

  it('root/data a link to a 0600 file: dataCompile, recordList, zoneList, dataCheck, status and zoneExport refuse it', async () => {
    const w = (world = await makeWorld('tinydns-data-link'));
    const victim = plantVictim(join(w.top, 'victim2'), VICTIM);
    renameSync(w.data, join(w.top, 'data.real'));
    symlinkSync(victim, w.data);
    const message = `${w.data} is a symbolic link to ${victim}: refusing to`;
    for (const command of [['dataCompile'], ['recordList'], ['zoneList'], ['dataCheck'], ['status'], ['zoneExport', 'example.test']]) {
      expectRefusedWithoutLeak(await w.bin('-i', ...command), message, SECRET, w.top, [victim]);
    }
    // the file named by the user may be a link: dataCheck FILE follows it
    const named = join(w.top, 'named-data');
    symlinkSync(join(w.top, 'data.real'), named);
    expect((await w.bin('-i', 'dataCheck', named)).status).toBe(0);
  });

  it('root/ a link to a directory holding a 0600 data: every reader refuses it', async () => {
    const w = (world = await makeWorld('tinydns-root-link'));
    const elsewhere = join(w.top, 'elsewhere');
    mkdirSync(elsewhere);
    const victim = plantVictim(join(elsewhere, 'data'), VICTIM);
    const root = join(w.dir, 'root');
    renameSync(root, join(w.top, 'root.real'));
    symlinkSync(elsewhere, root);
    const message = `${root} is a symbolic link to ${elsewhere}: refusing to`;
    for (const command of [['dataCompile'], ['recordList'], ['zoneList'], ['dataCheck'], ['status']]) {
      expectRefusedWithoutLeak(await w.bin('-i', ...command), message, SECRET, w.top, [victim]);
    }
  });

  it('zoneImport: $INCLUDE through a link in the zone directory, or of a link leading out, is refused', async () => {
    const w = (world = await makeWorld('tinydns-include-link'));
    const outside = join(w.top, 'outside');
    mkdirSync(outside);
    const victim = plantVictim(join(outside, 'victim4'), `${SECRET}.z.test. IN A 10.6.6.6\n`);
    const zoneDir = join(w.top, 'z');
    mkdirSync(join(zoneDir, 'sub'), { recursive: true });
    symlinkSync(outside, join(zoneDir, 'sub', 'up'));
    symlinkSync(victim, join(zoneDir, 'link.inc'));
    writeFileSync(join(zoneDir, 'a.zone'), ZONE('$INCLUDE sub/up/victim4\n'));
    writeFileSync(join(zoneDir, 'b.zone'), ZONE('$INCLUDE link.inc\n'));
    for (const zone of ['a.zone', 'b.zone']) {
      const result = await w.bin('-n', 'showOnly', '-i', 'zoneImport', join(zoneDir, zone), 'z.test');
      expectRefusedWithoutLeak(result, `through a symbolic link ${join(zoneDir, zone === 'a.zone' ? 'sub/up/victim4' : 'link.inc')} leads to ${victim}`, SECRET, w.top, [victim]);
    }
    // allowed on purpose, it is read
    const allowed = await w.bin('-n', 'showOnly', '-p', 'includeAnywhere=yes', '-i', 'zoneImport', join(zoneDir, 'b.zone'), 'z.test');
    expect(allowed.status, allowed.stderr).toBe(0);
  });

  it('/dev/zero as a zone file, a record file or an $INCLUDE, and a file over 256 MiB, are refused at once', async () => {
    const w = (world = await makeWorld('tinydns-devzero'));
    const zoneDir = join(w.top, 'z');
    mkdirSync(zoneDir);
    symlinkSync('/dev/zero', join(zoneDir, 'zero'));
    writeFileSync(join(zoneDir, 'z.zone'), ZONE('$INCLUDE zero\n'));
    const big = join(zoneDir, 'big.zone');
    writeFileSync(big, '');
    truncateSync(big, 257 * 1024 * 1024); // sparse: no disk used
    const cases: Array<[string[], string]> = [
      [['zoneImport', '/dev/zero', 'z.test'], 'refusing /dev/zero: it is not a plain file'],
      [['recordImport', '/dev/zero'], 'refusing /dev/zero: it is not a plain file'],
      [['-p', 'includeAnywhere=yes', '-i', 'zoneImport', join(zoneDir, 'z.zone'), 'z.test'], `refusing ${join(zoneDir, 'zero')}: it is not a plain file`],
      [['zoneImport', big, 'z.test'], `refusing ${big}: 257 MiB, more than 256 MiB`],
      [['recordImport', big], `refusing ${big}: 257 MiB, more than 256 MiB`],
    ];
    for (const [command, message] of cases) {
      const started = Date.now();
      const result = await w.bin('-n', 'showOnly', ...(command[0] === '-p' ? command : ['-i', ...command]));
      expect(result.stderr).toContain(message);
      expect(result.status, command.join(' ')).toBe(1);
      expect(Date.now() - started).toBeLessThan(20_000);
    }
  });
});
