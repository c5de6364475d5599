// dyndns accounts from the command line: files, modes, owners, refusals; no service running.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { runBin } from '../support/run-bin.js';
import { makeWorld, tearDown, type TinydnsWorld } from '../support/tinydns-world.js';
import { verifyPassword } from '../../lib/dyndns/accounts.js';

const ready = isRoot() && available('tinydns-conf', 'tinydns-data', 'supervise', 'multilog', 'envdir');

describe.skipIf(!ready)('iim-tinydns dyndns accounts', { timeout: 60_000 }, () => {
  let world: TinydnsWorld | undefined;
  afterEach(() => {
    tearDown(world);
    world = undefined;
  });

  async function setUp() {
    world = await makeWorld('dyndns-accounts');
    const dyndnsDir = join(world.top, 'dyndns');
    const bin = (args: string[], input = '') => runBin('iim-tinydns', ['-p', `dir=${world!.dir}`, '-p', `serviceDir=${world!.serviceDir}`, '-p', `dyndnsDir=${dyndnsDir}`, ...args], { input });
    expect((await bin(['-i', 'recordAdd', 'ns', 'dyn.test', world.ip])).status).toBe(0);
    const setup = await bin(['-i', 'dyndnsSetup', world.ip, '8245']);
    expect(setup.status, setup.stderr).toBe(0);
    return { bin, accounts: join(dyndnsDir, 'accounts') };
  }

  it('stores a scrypt hash in a 0600 file of the service account; a made password is printed once', async () => {
    const { bin, accounts } = await setUp();
    const given = await bin(['-p', 'password=stdin', '-i', 'dyndnsAccountAdd', 'home', 'home.dyn.test', 'nas.dyn.test'], 'a long secret\n');
    expect(given.status, given.stderr).toBe(0);
    expect(given.stdout).toBe(`account home may update home.dyn.test, nas.dyn.test (${join(accounts, 'home')})\n`);
    const file = join(accounts, 'home');
    const info = statSync(file);
    const dyndns = Number(spawnSync('id', ['-u', 'dyndns'], { encoding: 'utf8' }).stdout.trim());
    expect([info.mode & 0o7777, info.uid]).toEqual([0o600, dyndns]);
    expect(statSync(accounts).mode & 0o7777).toBe(0o700);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('a long secret');
    expect(verifyPassword('a long secret', text.split('\n')[0].slice('password '.length))).toBe(true);

    // Without -p password=stdin, standard input is not read (a pipe left open would hang it).
    const made = await bin(['-i', 'dyndnsAccountAdd', 'office', 'office.dyn.test'], 'not the password\n');
    expect(made.status, made.stderr).toBe(0);
    const password = /^password for office: (\S{24})$/m.exec(made.stdout)?.[1];
    expect(password).toBeDefined();
    const officeHash = readFileSync(join(accounts, 'office'), 'utf8').split('\n')[0].slice('password '.length);
    expect(verifyPassword(password!, officeHash)).toBe(true);
    expect(verifyPassword('not the password', officeHash)).toBe(false);

    expect((await bin(['-i', 'dyndnsAccountList'])).stdout).toBe('home\thome.dyn.test nas.dyn.test\noffice\toffice.dyn.test\n');
    expect(JSON.parse((await bin(['-p', 'format=json', '-i', 'dyndnsAccountList'])).stdout)).toEqual([
      { name: 'home', hostnames: ['home.dyn.test', 'nas.dyn.test'] },
      { name: 'office', hostnames: ['office.dyn.test'] },
    ]);
  });

  it('-p password=stdin with nothing on standard input is refused', async () => {
    const { bin, accounts } = await setUp();
    const empty = await bin(['-p', 'password=stdin', '-i', 'dyndnsAccountAdd', 'home', 'home.dyn.test'], '');
    expect([empty.status, empty.stderr]).toEqual([1, 'iim-tinydns: dyndnsAccountAdd: no password on standard input (-p password=stdin reads its first line)\n']);
    expect(statSync(join(accounts, 'home'), { throwIfNoEntry: false })).toBeUndefined();
  });

  it('refuses a name another account has, an existing account without -f, a bad hostname; removes an account', async () => {
    const { bin, accounts } = await setUp();
    expect((await bin(['-p', 'password=stdin', '-i', 'dyndnsAccountAdd', 'home', 'home.dyn.test'], 'a long secret\n')).status).toBe(0);
    const before = readFileSync(join(accounts, 'home'), 'utf8');
    const taken = await bin(['-p', 'password=stdin', '-i', 'dyndnsAccountAdd', 'thief', 'home.dyn.test'], 'another secret\n');
    expect([taken.status, taken.stderr]).toEqual([1, 'iim-tinydns: dyndnsAccountAdd: home.dyn.test already belong(s) to account home: remove it there first\n']);
    const again = await bin(['-p', 'password=stdin', '-i', 'dyndnsAccountAdd', 'home', 'x.dyn.test'], 'another secret\n');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('account home exists');
    expect((await bin(['-i', 'recordAdd', 'cname', 'web.dyn.test', 'home.dyn.test'])).status).toBe(0);
    const other = await bin(['-p', 'password=stdin', '-i', 'dyndnsAccountAdd', 'web', 'web.dyn.test', 'free.dyn.test'], 'another secret\n');
    expect([other.status, other.stderr]).toEqual([1, expect.stringContaining('dyndnsAccountAdd: web.dyn.test ha(s) other records in')]);
    expect(statSync(join(accounts, 'web'), { throwIfNoEntry: false })).toBeUndefined();
    const bad = await bin(['-p', 'password=stdin', '-i', 'dyndnsAccountAdd', 'bad', 'no_such name'], 'another secret\n');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('bad hostname "no_such name"');
    const shown = await bin(['-n', 'showOnly', '-i', 'dyndnsAccountRemove', 'home']);
    expect(shown.status).toBe(0);
    expect(readFileSync(join(accounts, 'home'), 'utf8')).toBe(before);
    const removed = await bin(['-i', 'dyndnsAccountRemove', 'home']);
    expect(removed.status, removed.stderr).toBe(0);
    expect((await bin(['-i', 'dyndnsAccountList'])).stdout).toBe('');
    expect(statSync(join(accounts, 'home'), { throwIfNoEntry: false })).toBeUndefined();
  });
});
