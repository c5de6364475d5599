// root/data and data.cdb agree after every edit, or iim-tinydns says they do not: a change
// never compiled (a hand edit, an edit killed by SIGTERM during its compile) is reported by
// status and dataCheck and compiled by the next edit, which also removes tinydns-data's data.tmp.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { binPath } from '../support/run-bin.js';
import { makeWorld, tearDown, type TinydnsWorld } from '../support/tinydns-world.js';

const ready = available('tinydns-conf', 'tinydns-data', 'tinydns-get', 'timeout') && isRoot();

describe.skipIf(!ready)('iim-tinydns keeps data and data.cdb in agreement', () => {
  let world: TinydnsWorld | undefined;
  afterEach(() => {
    const leaving = world;
    world = undefined;
    tearDown(leaving);
  });
  const answered = (w: TinydnsWorld, name: string) =>
    execFileSync('tinydns-get', ['a', name], { cwd: join(w.dir, 'root'), encoding: 'latin1' }).includes(`answer: ${name} `);

  it('status and dataCheck say when data is newer than data.cdb; the next recordAdd compiles both records and removes data.tmp', async () => {
    const w = (world = await makeWorld('tinydns-stale'));
    expect((await w.bin('-i', 'recordAdd', 'ns', 'example.test', w.ip)).status).toBe(0);
    const agreed = await w.bin('-i', 'status');
    expect(agreed.status, agreed.stderr).toBe(0);
    expect(agreed.stdout).toBe(`data: ${w.data}: 1 line, 1 zone: example.test\ndata.cdb: compiled from data\nservice: not supervised (${w.dir})\n`);

    writeFileSync(w.data, `${w.readData()}+old.example.test:10.0.0.1:86400\n`); // by hand, never compiled
    writeFileSync(join(w.dir, 'root', 'data.tmp'), 'half a cdb'); // as a killed tinydns-data leaves it
    const stale = `${w.data} is newer than data.cdb: the last change was not compiled; run iim-tinydns -p dir=${w.dir} -p serviceDir=${w.serviceDir} -i dataCompile`;
    const status = await w.bin('-i', 'status');
    expect(status.status).toBe(1);
    expect(status.stdout).toContain('data.cdb: older than data\n');
    expect(status.stderr).toBe(`iim-tinydns: status: ${stale}\n`);
    const check = await w.bin('-i', 'dataCheck');
    expect(check.status, check.stderr).toBe(0);
    expect(check.stderr).toContain(`warning: ${stale}\n`);
    expect(answered(w, 'old.example.test')).toBe(false);

    const added = await w.bin('-i', 'recordAdd', 'alias', 'new.example.test', '10.0.0.2');
    expect(added.status, added.stderr).toBe(0);
    expect(added.stderr).toContain(`removing ${join(w.dir, 'root', 'data.tmp')}, left by an interrupted tinydns-data`);
    expect(added.stderr).toContain(`${w.data} was newer than data.cdb (the last change was not compiled): compiling it now`);
    expect(answered(w, 'old.example.test')).toBe(true);
    expect(answered(w, 'new.example.test')).toBe(true);
    expect(existsSync(join(w.dir, 'root', 'data.tmp'))).toBe(false);
    expect((await w.bin('-i', 'status')).status).toBe(0);

    writeFileSync(w.data, `${w.readData()}+again.example.test:10.0.0.3:86400\n`);
    const already = await w.bin('-i', 'recordAdd', 'alias', 'new.example.test', '10.0.0.2');
    expect(already.status, already.stderr).toBe(0);
    expect(already.stderr).toContain('already there, nothing changed');
    expect(answered(w, 'again.example.test')).toBe(true); // nothing to add, but compiled all the same
  }, 60_000);

  it('a recordAdd killed by SIGTERM at any moment of a 300,000-line compile leaves the next recordAdd to make data and data.cdb agree', async () => {
    const w = (world = await makeWorld('tinydns-sigterm'));
    let data = `.example.test:${w.ip}:a:259200\n`;
    const lines: string[] = [];
    for (let i = 0; i < 300_000; i++) lines.push(`+h${i}.example.test:10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:86400`);
    data += lines.join('\n') + '\n';
    writeFileSync(w.data, data);
    execFileSync('tinydns-data', [], { cwd: join(w.dir, 'root') });
    const delays = ['0.1', '0.15', '0.2', '0.25', '0.3', '0.4'];
    delays.forEach((delay, i) => {
      spawnSync('timeout', ['-s', 'TERM', delay, process.execPath, binPath('iim-tinydns'), '-p', `dir=${w.dir}`, '-i', 'recordAdd', 'alias', `killed${i}.example.test`, `10.200.0.${i + 1}`], { stdio: 'ignore' });
    });
    const next = await w.bin('-i', 'recordAdd', 'alias', 'after.example.test', '10.201.0.1');
    expect(next.status, next.stderr).toBe(0);
    const text = w.readData();
    expect(text.startsWith(data)).toBe(true);
    const added = text.slice(data.length).trimEnd().split('\n');
    expect(added.at(-1)).toBe('+after.example.test:10.201.0.1:86400');
    for (const line of added) expect(answered(w, line.slice(1).split(':')[0]), line).toBe(true);
    expect(answered(w, 'h299999.example.test')).toBe(true);
    expect(existsSync(join(w.dir, 'root', 'data.tmp'))).toBe(false);
    expect((await w.bin('-i', 'status')).status).toBe(0);
  }, 60_000);
});
