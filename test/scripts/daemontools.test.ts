// iim-daemontools against the real svscan/supervise: the life of a service, from create to remove.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { available } from '../support/programs.js';
import { eventually, makeWorld, processesUnder, type World } from '../support/daemontools-world.js';

const svstat = (...dirs: string[]) => spawnSync('svstat', dirs, { encoding: 'utf8' }).stdout;
const svok = (dir: string) => spawnSync('svok', [dir]).status;

describe.skipIf(!available('svscan', 'supervise', 'svc', 'svok', 'svstat', 'multilog', 'envdir'))('iim-daemontools with real daemontools', () => {
  let world: World;
  beforeEach(() => {
    world = makeWorld('life');
  });
  afterEach(() => {
    world.teardown();
    expect(processesUnder(world.root, 'supervise')).toEqual([]);
    expect(processesUnder(world.root, 'svscan')).toEqual([]);
  });

  it('create → up (svstat agrees) → down → up → envSet with restart changes what the service sees → remove', async () => {
    const { run, serviceDir, svcBase, root } = world;
    const seen = join(root, 'seen');
    const started = await run('-i', 'svscanStart');
    expect(started.stderr).toBe('');
    expect(started.stdout).toMatch(/^svscan runs on .* \(pid \d+\)\n$/);

    const script = `echo "started with $GREETING"; echo "greeting=$GREETING" > ${seen}; exec sleep 3600`;
    const created = await run('-i', 'svcCreate', 'hello', 'sh', '-c', script);
    expect(created).toMatchObject({ status: 0, stderr: '' });
    const link = join(serviceDir, 'hello');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(svok(link)).toBe(0);
    expect(svok(join(link, 'log'))).toBe(0);

    const status = async () => JSON.parse((await run('-p', 'format=json', '-i', 'svcStatus', 'hello')).stdout)[0];
    const up = await status();
    expect(up).toMatchObject({ name: 'hello', state: 'up', supervised: true, wanted: 'up', normallyUp: true });
    expect(svstat(link)).toMatch(new RegExp(`: up \\(pid ${up.pid}\\) \\d+ seconds\\n$`));
    expect(up.log).toMatchObject({ state: 'up', supervised: true });

    expect((await run('-i', 'svcDown', 'hello')).status).toBe(0);
    expect(await eventually(() => /: down \d+ seconds/.test(svstat(link)))).toBe(true);
    expect(await status()).toMatchObject({ state: 'down', pid: null, wanted: 'down' });
    expect((await run('-i', 'svcStatus', 'hello')).stdout).toMatch(/^hello: down \d+ seconds, normally up; log: up \(pid \d+\) \d+ seconds\n$/);

    expect((await run('-i', 'svcUp', 'hello')).status).toBe(0);
    expect(await eventually(() => /: up \(pid \d+\)/.test(svstat(link)))).toBe(true);
    expect(await eventually(() => existsSync(seen) && readFileSync(seen, 'utf8') === 'greeting=\n')).toBe(true);

    const set = await run('-p', 'restart=yes', '-i', 'envSet', 'hello', 'GREETING', 'hi there');
    expect(set).toMatchObject({ status: 0, stderr: '' });
    expect(readFileSync(join(svcBase, 'hello', 'env', 'GREETING'), 'utf8')).toBe('hi there\n');
    expect(await eventually(() => readFileSync(seen, 'utf8') === 'greeting=hi there\n')).toBe(true);
    expect((await run('-i', 'envGet', 'hello', 'GREETING')).stdout).toBe('hi there\n');
    expect((await run('-i', 'envList', 'hello')).stdout).toBe('GREETING=hi there\n');

    // multilog stamps every line; logShow prints them in local time
    expect(await eventually(() => readFileSync(join(svcBase, 'hello/log/main/current'), 'utf8').includes('started with hi there'))).toBe(true);
    const raw = readFileSync(join(svcBase, 'hello/log/main/current'), 'utf8').trim().split('\n');
    expect(raw[raw.length - 1]).toMatch(/^@[0-9a-f]{24} started with hi there$/);
    const shown = await run('-i', 'logShow', 'hello', '1');
    const expected = spawnSync('tai64nlocal', { input: raw[raw.length - 1] + '\n', encoding: 'utf8' }).stdout;
    expect(shown.stdout).toBe(expected);
    expect(shown.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} started with hi there\n$/);

    const refused = await run('-i', 'svcRemove', 'hello');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('specify -f');
    const removed = await run('-f', '-i', 'svcRemove', 'hello');
    expect(removed).toMatchObject({ status: 0, stderr: '' });
    expect(existsSync(link)).toBe(false);
    expect(svok(join(svcBase, 'hello'))).toBe(100);
    expect(svok(join(svcBase, 'hello', 'log'))).toBe(100);
    expect(existsSync(join(svcBase, 'hello', 'run'))).toBe(true);
    expect(processesUnder(root, 'supervise')).toEqual([]);

    const purged = await run('-f', '-p', 'purge=yes', '-i', 'svcRemove', 'hello');
    expect(purged.status).toBe(0);
    expect(existsSync(join(svcBase, 'hello'))).toBe(false);
  });

  it('svscanStart refuses a second svscan on the same directory; svscanStop -f stops it and every service', async () => {
    const { run, serviceDir, root } = world;
    expect((await run('-i', 'svscanStart')).status).toBe(0);
    const second = await run('-i', 'svscanStart');
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/svscanStart: svscan already runs on .* \(pid \d+\)/);
    expect(processesUnder(root, 'svscan')).toHaveLength(1);

    expect((await run('-i', 'svcCreate', 'one', 'sleep', '3600')).status).toBe(0);
    expect((await run('-i', 'svscanStatus')).stdout).toMatch(/^svscan runs on .* \(pid \d+\)\n1 service, 1 up\n$/);
    const stopped = await run('-f', '-i', 'svscanStop');
    expect(stopped).toMatchObject({ status: 0, stderr: '' });
    expect(processesUnder(root, 'svscan')).toEqual([]);
    expect(processesUnder(root, 'supervise')).toEqual([]);
    expect(lstatSync(join(serviceDir, 'one')).isSymbolicLink()).toBe(true);
    expect((await run('-i', 'svscanStatus')).stdout).toMatch(/^no svscan runs on /);
  });

  it('svcCreate refuses an existing service unless -f, which rewrites run and restarts it', async () => {
    const { run, svcBase } = world;
    expect((await run('-i', 'svscanStart')).status).toBe(0);
    expect((await run('-i', 'svcCreate', 'again', 'sleep', '3600')).status).toBe(0);
    const before = JSON.parse((await run('-p', 'format=json', '-i', 'svcStatus', 'again')).stdout)[0];
    const refused = await run('-i', 'svcCreate', 'again', 'sleep', '7200');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('exists');
    expect(readFileSync(join(svcBase, 'again', 'run'), 'utf8')).toContain('sleep 3600');
    await new Promise((resolve) => setTimeout(resolve, 1100)); // supervise ignores svc for ~1 s after a start
    expect((await run('-f', '-i', 'svcCreate', 'again', 'sleep', '7200')).status).toBe(0);
    expect(readFileSync(join(svcBase, 'again', 'run'), 'utf8')).toContain('sleep 7200');
    const pidAfter = async () => JSON.parse((await run('-p', 'format=json', '-i', 'svcStatus', 'again')).stdout)[0].pid;
    let after = await pidAfter();
    for (let i = 0; i < 30 && (after === before.pid || after === null); i++) after = await pidAfter();
    expect(after).not.toBe(before.pid);
    expect(readFileSync(`/proc/${after}/cmdline`, 'utf8')).toBe('sleep\u00007200\u0000');
  });

  it('svcCreate -p env= puts file variables in env/ before the first start: the service sees them at once', async () => {
    const { run, svcBase, root } = world;
    const seen = join(root, 'seen-env');
    expect((await run('-i', 'svscanStart')).status).toBe(0);
    const bad = await run('-p', 'env=GREETING', '-i', 'svcCreate', 'bad', 'sleep', '3600');
    expect([bad.status, bad.stderr]).toEqual([1, 'iim-daemontools: svcCreate: bad env setting "GREETING": expected VAR=VALUE (several separated by ",")\n']);
    expect(existsSync(join(svcBase, 'bad'))).toBe(false);
    const made = await run('-p', 'env=GREETING=hello there,PLACE=/tmp/x', '-i', 'svcCreate', 'greeter', 'sh', '-c', `echo "$GREETING at $PLACE" > ${seen}; exec sleep 3600`);
    expect(made.status, made.stderr).toBe(0);
    expect(readFileSync(join(svcBase, 'greeter', 'env', 'GREETING'), 'utf8')).toBe('hello there\n');
    expect(await eventually(() => existsSync(seen) && readFileSync(seen, 'utf8') !== '')).toBe(true);
    expect(readFileSync(seen, 'utf8')).toBe('hello there at /tmp/x\n');
  });

  it('control commands refuse a service no supervise runs for (svc alone would exit 0)', async () => {
    const { run } = world;
    expect((await run('-i', 'svcCreate', 'idle', 'sleep', '3600')).stderr).toContain('no svscan runs on');
    const up = await run('-i', 'svcUp', 'idle');
    expect(up.status).toBe(1);
    expect(up.stderr).toMatch(/svcUp: supervise is not running for .*idle: no svscan runs on .* \(start one: svscanStart\)/);
  });

  it('logFollow prints new lines in local time until interrupted', async () => {
    const { run, svcBase } = world;
    expect((await run('-i', 'svscanStart')).status).toBe(0);
    expect((await run('-i', 'svcCreate', 'ticker', 'sh', '-c', 'while :; do echo tick; sleep 0.2; done')).status).toBe(0);
    const { spawn } = await import('node:child_process');
    const { binPath } = await import('../support/run-bin.js');
    const child = spawn(process.execPath, [binPath('iim-daemontools'), '-p', `serviceDir=${world.serviceDir}`, '-p', `svcBase=${svcBase}`, '-i', 'logFollow', 'ticker'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    try {
      expect(await eventually(() => out.split('\n').filter((l) => / tick$/.test(l)).length >= 5)).toBe(true);
      expect(out).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} tick$/m);
      expect(out).not.toContain('@4000');
    } finally {
      child.kill('SIGINT');
    }
    const status = await new Promise((resolve) => child.on('close', resolve));
    expect(status).toBe(0);
  });
});
