// The dyndns2 service against the real Debian ddclient 3.10 (which nobody here wrote), under
// real svscan/supervise; tinydns answers over UDP what ddclient set.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { makeDyndnsWorld, PORT, tearDown, type DyndnsWorld } from '../support/dyndns-world.js';

const ready = isRoot() && available('ddclient', 'svscan', 'supervise', 'multilog', 'envdir', 'setuidgid', 'tinydns', 'tinydns-conf', 'tinydns-data', 'dnsq');
const PASSWORD = 'tr0ub4dor-and-3';

interface Client {
  login: string;
  password: string;
  ip: string;
  hostname: string;
  cache: string;
  force?: boolean;
}

/** Run ddclient once in the foreground with its own config and cache: what it printed. */
function ddclient(world: DyndnsWorld, client: Client): string {
  const conf = join(world.top, `ddclient-${client.login}-${client.ip}.conf`);
  writeFileSync(conf, [
    'daemon=0',
    'syslog=no',
    `pid=${join(world.top, 'ddclient.pid')}`,
    'protocol=dyndns2',
    `server=${world.ip}:${PORT}`,
    'ssl=no',
    `login=${client.login}`,
    `password='${client.password}'`,
    `use=ip, ip=${client.ip}`,
    client.hostname,
    '',
  ].join('\n'), { mode: 0o600 });
  const args = ['-foreground', '-daemon=0', '-file', conf, '-cache', client.cache, '-verbose', '-noquiet', ...(client.force ? ['-force'] : [])];
  const run = spawnSync('ddclient', args, { encoding: 'utf8', timeout: 60_000 });
  expect(run.error).toBeUndefined();
  return run.stdout + run.stderr;
}

describe.skipIf(!ready)('iim-tinydns dyndns2 service with ddclient', { timeout: 120_000 }, () => {
  let world: DyndnsWorld | undefined;
  afterEach(() => {
    tearDown(world);
    world = undefined;
  });

  it('ddclient sets the address tinydns answers; a forced second run gets nochg; a wrong password and others\' names change nothing', async () => {
    world = await makeDyndnsWorld('dyndns-ddclient');
    await world.account('home', PASSWORD, 'home.dyn.test');
    await world.account('office', 'another password', 'office.dyn.test');
    const cache = join(world.top, 'ddclient.cache');

    const first = ddclient(world, { login: 'home', password: PASSWORD, ip: '192.0.2.10', hostname: 'home.dyn.test', cache });
    expect(first).toContain('SUCCESS:  updating home.dyn.test: good: IP address set to 192.0.2.10');
    await world.answersWith('a', 'home.dyn.test', '192.0.2.10');
    const data = readFileSync(world.data, 'utf8');
    await world.logged('home.dyn.test good 192.0.2.10');
    const compiles = world.compiles();

    const second = ddclient(world, { login: 'home', password: PASSWORD, ip: '192.0.2.10', hostname: 'home.dyn.test', cache, force: true });
    expect(second).toContain('updating home.dyn.test: nochg: No update required');
    await world.logged('home.dyn.test nochg 192.0.2.10');
    expect(world.log().filter((line) => line.includes('home.dyn.test nochg 192.0.2.10'))).toHaveLength(1);

    const wrong = ddclient(world, { login: 'home', password: 'not the password', ip: '192.0.2.11', hostname: 'home.dyn.test', cache: join(world.top, 'wrong.cache') });
    expect(wrong).toContain('FAILED:   updating home.dyn.test: badauth: Bad authorization (username or password)');

    const theirs = ddclient(world, { login: 'home', password: PASSWORD, ip: '192.0.2.12', hostname: 'office.dyn.test', cache: join(world.top, 'theirs.cache') });
    expect(theirs).toContain('FAILED:   updating office.dyn.test: !yours: The hostname specified exists, but not under the username currently being used');
    const nobody = ddclient(world, { login: 'home', password: PASSWORD, ip: '192.0.2.13', hostname: 'fixed.dyn.test', cache: join(world.top, 'nobody.cache') });
    expect(nobody).toContain('FAILED:   updating fixed.dyn.test: nohost: The hostname specified does not exist in the database');

    await world.logged('fixed.dyn.test nohost');
    expect(readFileSync(world.data, 'utf8')).toBe(data);
    expect(world.compiles()).toBe(compiles);
    await world.answersWith('a', 'home.dyn.test', '192.0.2.10');
    await world.answersWith('a', 'fixed.dyn.test', '10.9.9.9');
  });
});
