// iim-dnscache reads its log and env/ only as its own files: the log account (dnslog owns
// log/main, as dnscache-conf makes it) cannot have root read a 0600 file for it through a link.
import { chownSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { makeWorld, tearDown, type DnscacheWorld } from '../support/dnscache-world.js';
import { expectRefusedWithoutLeak, plantVictim } from '../support/victims.js';

const ready = available('dnscache-conf') && isRoot();
const SECRET = 's3cr3t-shadow';
const QUERY = (name: string) => `@400000006500000000000000 query 1 7f000001:d431:2a2a 1 ${name}.\n`;

describe.skipIf(!ready)('iim-dnscache reads no file through a planted link', () => {
  let world: DnscacheWorld | undefined;
  afterEach(() => {
    const leaving = world;
    world = undefined;
    tearDown(leaving);
  });

  it('logStats refuses log/main/current, or a rotated @….s file, that is a link to a 0600 file', async () => {
    const w = (world = await makeWorld('dnscache-log-link'));
    const victim = plantVictim(join(w.top, 'victim3'), QUERY(`${SECRET}.example`));
    const main = join(w.dir, 'log', 'main');
    const current = join(main, 'current');
    writeFileSync(join(main, 'cur.real'), QUERY('fine.example'));
    symlinkSync(victim, current);
    const message = `refusing ${current}: it is a symbolic link to ${victim}`;
    expectRefusedWithoutLeak(await w.bin('-i', 'logStats'), message, SECRET, w.top, [victim]);
    expectRefusedWithoutLeak(await w.bin('-i', 'logStats', '10'), message, SECRET, w.top, [victim]);

    renameSync(current, join(w.top, 'old-link'));
    writeFileSync(current, QUERY('fine.example'));
    const rotated = join(main, '@400000006500000000000000.s');
    symlinkSync(victim, rotated);
    expectRefusedWithoutLeak(await w.bin('-p', 'logs=all', '-i', 'logStats'), `refusing ${rotated}: it is a symbolic link to ${victim}`, SECRET, w.top, [victim]);
  });

  it('envGet and envList refuse a link in env/, and env/ itself a link', async () => {
    const w = (world = await makeWorld('dnscache-env-link'));
    const victim = plantVictim(join(w.top, 'victim'), `${SECRET}\n`);
    const variable = join(w.dir, 'env', 'DATALIMIT');
    renameSync(variable, join(w.top, 'DATALIMIT.real'));
    symlinkSync(victim, variable);
    const message = `refusing ${variable}: it is a symbolic link to ${victim}`;
    expectRefusedWithoutLeak(await w.bin('-i', 'envGet', 'DATALIMIT'), message, SECRET, w.top, [victim]);
    expectRefusedWithoutLeak(await w.bin('-i', 'envList'), message, SECRET, w.top, [victim]);

    const other = join(w.top, 'other-env');
    mkdirSync(other);
    const token = plantVictim(join(other, 'CACHESIZE'), `${SECRET}\n`);
    chownSync(other, 0, 0);
    renameSync(join(w.dir, 'env'), join(w.top, 'env.real'));
    symlinkSync(other, join(w.dir, 'env'));
    const dirMessage = `refusing ${join(w.dir, 'env')}: it is a symbolic link to ${other}, where a directory is expected`;
    expectRefusedWithoutLeak(await w.bin('-i', 'envGet', 'CACHESIZE'), dirMessage, SECRET, w.top, [victim, token]);
    expectRefusedWithoutLeak(await w.bin('-i', 'envList'), dirMessage, SECRET, w.top, [victim, token]);
  });
});
