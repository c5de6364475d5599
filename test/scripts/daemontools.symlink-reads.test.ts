// iim-daemontools reads a service's files only as its own: a link planted in log/main (the log
// account owns it) or in env/ is refused, naming its target, and nothing of the target shown.
import { mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'vitest';
import { makeWorld, type World } from '../support/daemontools-world.js';
import { expectRefusedWithoutLeak, plantVictim } from '../support/victims.js';

const SECRET = 's3cr3t-shadow';

describe('iim-daemontools reads no file through a planted link', () => {
  let world: World;
  let service: string;
  let victim: string;
  beforeEach(() => {
    world = makeWorld('symlink-reads');
    service = join(world.svcBase, 'web');
    mkdirSync(join(service, 'env'), { recursive: true });
    mkdirSync(join(service, 'log', 'main'), { recursive: true });
    writeFileSync(join(service, 'run'), '#!/bin/sh\nexec envdir ./env sleep 3600\n', { mode: 0o755 });
    writeFileSync(join(service, 'log', 'run'), '#!/bin/sh\nexec multilog t ./main\n', { mode: 0o755 });
    writeFileSync(join(service, 'env', 'PORT'), '8080\n');
    victim = plantVictim(join(world.root, 'victim'), `root:${SECRET}:19000:0:99999:7:::\n`);
  });
  afterEach(() => world.teardown());

  it('logShow and logFollow refuse log/main/current that is a link to a 0600 file', async () => {
    const current = join(service, 'log', 'main', 'current');
    writeFileSync(join(service, 'log', 'main', 'cur.real'), '@400000006500000000000000 fine\n');
    symlinkSync(victim, current);
    const message = `refusing ${current}: it is a symbolic link to ${victim}`;
    expectRefusedWithoutLeak(await world.run('-i', 'logShow', 'web'), message, SECRET, world.root, [victim]);
    expectRefusedWithoutLeak(await world.run('-i', 'logFollow', 'web'), message, SECRET, world.root, [victim]);
  });

  it('envGet, envList and svcShow refuse a link in env/, and env/ itself a link', async () => {
    const variable = join(service, 'env', 'FOO');
    symlinkSync(victim, variable);
    const message = `refusing ${variable}: it is a symbolic link to ${victim}`;
    for (const command of [['envGet', 'web', 'FOO'], ['envList', 'web'], ['svcShow', 'web']]) {
      expectRefusedWithoutLeak(await world.run('-i', ...command), message, SECRET, world.root, [victim]);
    }
    const other = join(world.root, 'other-env');
    mkdirSync(other);
    plantVictim(join(other, 'TOKEN'), `${SECRET}\n`);
    renameSync(join(service, 'env'), join(world.root, 'env.real'));
    symlinkSync(other, join(service, 'env'));
    const dirMessage = `refusing ${join(service, 'env')}: it is a symbolic link to ${other}, where a directory is expected`;
    for (const command of [['envGet', 'web', 'TOKEN'], ['envList', 'web'], ['svcShow', 'web']]) {
      expectRefusedWithoutLeak(await world.run('-i', ...command), dirMessage, SECRET, world.root, [victim, join(other, 'TOKEN')]);
    }
  });

  it('svcShow refuses a run file that is a link', async () => {
    renameSync(join(service, 'log', 'run'), join(service, 'log', 'run.real'));
    symlinkSync(victim, join(service, 'log', 'run'));
    expectRefusedWithoutLeak(await world.run('-i', 'svcShow', 'web'), `refusing ${join(service, 'log', 'run')}: it is a symbolic link to ${victim}`, SECRET, world.root, [victim]);
  });
});
