// Every compile gives the zone a greater SOA serial, even two changes within one second
// (tinydns's default serial is data's mtime in seconds).
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { available } from '../support/programs.js';
import { makeWorld, tearDown, type TinydnsWorld } from '../support/tinydns-world.js';

const soa = (world: TinydnsWorld, zone: string) => {
  const got = spawnSync('tinydns-get', ['soa', zone], { cwd: join(world.dir, 'root'), encoding: 'latin1' });
  return Number(/ SOA \S+ \S+ ([0-9]+) /.exec(got.stdout)?.[1]);
};

describe.skipIf(!available('tinydns-conf', 'tinydns-data', 'tinydns-get'))('iim-tinydns SOA serials', () => {
  let world: TinydnsWorld | undefined;
  afterEach(() => {
    tearDown(world);
    world = undefined;
  });

  it('three changes within one second give three growing serials, data.cdb still compiled from data', async () => {
    world = await makeWorld('tinydns-serial');
    expect((await world.bin('-i', 'recordAdd', 'ns', 'example.test', world.ip)).status).toBe(0);
    const serials = [soa(world, 'example.test')];
    const started = Date.now();
    for (const host of ['a', 'b']) {
      const added = await world.bin('-i', 'recordAdd', 'host', `${host}.example.test`, '10.0.2.1');
      expect(added.status, added.stderr).toBe(0);
      serials.push(soa(world, 'example.test'));
    }
    expect(Date.now() - started).toBeLessThan(3000);
    expect(serials[1]).toBeGreaterThan(serials[0]);
    expect(serials[2]).toBeGreaterThan(serials[1]);
    expect(Math.floor(statSync(world.data).mtimeMs / 1000)).toBe(serials[2]);
    const status = await world.bin('-i', 'status');
    expect(status.status, status.stdout + status.stderr).toBe(0);
  });

  it('dataCompile with nothing changed still moves the serial forward', async () => {
    world = await makeWorld('tinydns-serial-compile');
    await world.bin('-i', 'recordAdd', 'ns', 'example.test', world.ip);
    const before = soa(world, 'example.test');
    const compiled = await world.bin('-i', 'dataCompile');
    expect(compiled.status, compiled.stderr).toBe(0);
    expect(soa(world, 'example.test')).toBeGreaterThan(before);
  });
});
