// iim-daemontools, issue 12 "Nothing lost, nobody let in": concurrent edits lose nothing, a killed
// svcCreate leaves a whole service or none, modes whatever the umask, restarts that must stay up,
// planted symlinks refused with their targets untouched, long names.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { available } from '../support/programs.js';
import { binPath } from '../support/run-bin.js';
import { makeWorld, snapshot, sleep, type World } from '../support/daemontools-world.js';

const ready = available('svscan', 'supervise', 'svc', 'svok', 'multilog', 'envdir');
const modeOf = (path: string) => (statSync(path).mode & 0o7777).toString(8);
const hashOf = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe.skipIf(!ready)('iim-daemontools: nothing lost, nobody let in', () => {
  let world: World;
  beforeEach(() => {
    world = makeWorld('safety');
  });
  afterEach(() => world.teardown());

  it('20 concurrent envSet of different variables keep all 20', async () => {
    expect((await world.run('-i', 'svcCreate', 'many', 'sleep', '3600')).status).toBe(0);
    const results = await Promise.all(Array.from({ length: 20 }, (_, k) => world.run('-i', 'envSet', 'many', `VAR${k}`, `value ${k}`)));
    results.forEach((result) => expect(result.status, result.stderr).toBe(0));
    const env = join(world.svcBase, 'many', 'env');
    expect(readdirSync(env).sort()).toEqual(Array.from({ length: 20 }, (_, k) => `VAR${k}`).sort());
    expect(readFileSync(join(env, 'VAR7'), 'utf8')).toBe('value 7\n');
  });

  it('svcCreate killed with -9 at any moment leaves the service whole or absent, and a retry succeeds', async () => {
    const delays = [0, 40, 80, 110, 130, 150, 170, 190, 210, 240, 280, 350];
    for (const [i, delay] of delays.entries()) {
      const name = `k${i}`;
      const child = spawn(process.execPath, [binPath('iim-daemontools'), '-p', `serviceDir=${world.serviceDir}`, '-p', `svcBase=${world.svcBase}`, '-i', 'svcCreate', name, 'sleep', '3600'], { stdio: 'ignore' });
      const closed = new Promise((resolve) => child.on('close', resolve));
      await sleep(delay);
      child.kill('SIGKILL');
      await closed;
      const dir = join(world.svcBase, name);
      if (existsSync(dir)) {
        for (const part of ['run', 'log/run', 'env', 'log/main']) expect(existsSync(join(dir, part)), `${name} after ${delay} ms: ${part}`).toBe(true);
      }
      const retry = await world.run('-i', 'svcCreate', name, 'sleep', '3600');
      expect(retry.status, `${name} after ${delay} ms: ${retry.stderr}`).toBe(0);
      expect(readFileSync(join(dir, 'run'), 'utf8')).toContain('sleep 3600');
      expect(lstatSync(join(world.serviceDir, name)).isSymbolicLink()).toBe(true);
      expect(readdirSync(world.svcBase).filter((entry) => entry.includes('.iim-new-'))).toEqual([]);
    }
  });

  it('under umask 077 svcCreate and envSet still make 0755 directories and run files, 0644 variables', async () => {
    const made = await world.runWithUmask('077', '-i', 'svcCreate', 'masked', 'sleep', '3600');
    expect(made.status, made.stderr).toBe(0);
    const dir = join(world.svcBase, 'masked');
    expect([dir, join(dir, 'env'), join(dir, 'log'), join(dir, 'log', 'main')].map(modeOf)).toEqual(['755', '755', '755', '755']);
    expect([modeOf(join(dir, 'run')), modeOf(join(dir, 'log', 'run'))]).toEqual(['755', '755']);
    expect((await world.runWithUmask('077', '-i', 'envSet', 'masked', 'GREETING', 'hi')).status).toBe(0);
    expect(modeOf(join(dir, 'env', 'GREETING'))).toBe('644'); // needs the framework's umask-proof writeFileAtomic
  });

  it('svcCreate of a program that cannot run fails with its log line; svcUp and svcRestart of it too', async () => {
    expect((await world.run('-i', 'svscanStart')).status).toBe(0);
    const made = await world.run('-i', 'svcCreate', 'nocmd', '/no/such/program');
    expect(made.status).toBe(1);
    expect(made.stderr).toMatch(/^iim-daemontools: svcCreate: nocmd in .*\/service\/nocmd does not stay up after starting \(it exits and supervise starts it again and again\); last lines of .*\/log\/main\/current:\n {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} envdir: fatal: unable to run \/no\/such\/program: file does not exist\n/);
    const up = await world.run('-i', 'svcUp', 'nocmd');
    expect(up.status).toBe(1);
    expect(up.stderr).toContain('unable to run /no/such/program');
    const good = await world.run('-i', 'svcCreate', 'good', 'sleep', '3600');
    expect(good).toMatchObject({ status: 0, stderr: '' });
    await sleep(1100); // supervise ignores svc for ~1 s after a start
    expect(await world.run('-i', 'svcRestart', 'good')).toMatchObject({ status: 0, stderr: '' });
  });

  it('svcStatus marks a service that keeps restarting and exits 1; a young healthy one is not marked', async () => {
    expect((await world.run('-i', 'svscanStart')).status).toBe(0);
    expect((await world.run('-i', 'svcCreate', 'nocmd', '/no/such/program')).status).toBe(1);
    expect((await world.run('-i', 'svcCreate', 'good', 'sleep', '3600')).status).toBe(0);
    const status = await world.run('-i', 'svcStatus');
    expect(status.status).toBe(1);
    const [good, nocmd] = status.stdout.split('\n');
    expect(good).toMatch(/^good: up \(pid \d+\) \d+ seconds; log: up/);
    expect(nocmd).toMatch(/^nocmd: (up \(pid \d+\)|down) \d seconds(, want up|, normally up)*, restarting: \d+ starts in \d+ s; log: up/);
    expect(status.stderr).toMatch(/^iim-daemontools: svcStatus: nocmd keeps restarting .*; last lines of .*\n.*unable to run \/no\/such\/program/);
    const json = await world.run('-p', 'format=json', '-i', 'svcStatus', 'nocmd');
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)[0].restarting.starts).toBeGreaterThanOrEqual(2);
    expect(await world.run('-i', 'svcStatus', 'good')).toMatchObject({ status: 0, stderr: '' });
  });

  it('refuses planted symlinks: svcCreate -f through svcBase/NAME, envSet through env/, svscanStart through .svscan.log', async () => {
    const victim = join(world.root, 'victim');
    mkdirSync(victim);
    writeFileSync(join(victim, 'run'), 'precious\n');
    mkdirSync(world.svcBase, { recursive: true });
    symlinkSync(victim, join(world.svcBase, 'evil'));
    const before = hashOf(join(victim, 'run'));
    const forced = await world.run('-f', '-i', 'svcCreate', 'evil', 'sleep', '1');
    expect(forced.status).toBe(1);
    expect(forced.stderr).toBe(`iim-daemontools: svcCreate: refusing ${world.svcBase}/evil: it is a symbolic link to ${victim}, where a directory is expected\n`);
    expect(hashOf(join(victim, 'run'))).toBe(before);
    expect(readdirSync(victim)).toEqual(['run']);

    expect((await world.run('-i', 'svcCreate', 'plain', 'sleep', '3600')).status).toBe(0);
    const env = join(world.svcBase, 'plain', 'env');
    const { rmSync } = await import('node:fs');
    rmSync(env, { recursive: true });
    symlinkSync(victim, env);
    const tree = snapshot(world.root);
    const set = await world.run('-i', 'envSet', 'plain', 'RUN', 'x');
    expect(set.status).toBe(1);
    expect(set.stderr).toContain(`refusing ${env}: it is a symbolic link to ${victim}, where a directory is expected`);
    expect(snapshot(world.root)).toEqual(tree);

    const log = join(world.serviceDir, '.svscan.log');
    symlinkSync(join(world.root, 'nowhere.log'), log);
    const started = await world.run('-i', 'svscanStart');
    expect(started.status).toBe(1);
    expect(started.stderr).toContain(`refusing ${log}: it is a symbolic link to ${join(world.root, 'nowhere.log')}`);
    expect(existsSync(join(world.root, 'nowhere.log'))).toBe(false);
  });

  it('envSet takes a 250-character name and refuses one over 255 bytes clearly', async () => {
    expect((await world.run('-i', 'svcCreate', 'named', 'sleep', '3600')).status).toBe(0);
    const long = await world.run('-i', 'envSet', 'named', 'V'.repeat(250), 'x');
    expect(long.status, long.stderr).toBe(0); // needs the framework's short temporary names
    const tree = snapshot(world.root);
    const tooLong = await world.run('-i', 'envSet', 'named', 'V'.repeat(256), 'x');
    expect(tooLong.status).toBe(1);
    expect(tooLong.stderr).toContain('256 bytes > 255, the longest file name Linux allows');
    expect(snapshot(world.root)).toEqual(tree);
  });
});
