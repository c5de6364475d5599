// The dyndns2 service attacked from the network and from its own account directory: password
// floods (per address, per account, too many at once), idle connections, names with other
// records, account files that are links or FIFOs. Real svscan/supervise, real tinydns.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword, accountFileText } from '../../lib/dyndns/accounts.js';
import { available, isRoot } from '../support/programs.js';
import { makeDyndnsWorld, PORT, tearDown, type DyndnsWorld } from '../support/dyndns-world.js';
import { answers, dnsq } from '../support/tinydns-world.js';

const ready = isRoot() && available('svscan', 'supervise', 'multilog', 'envdir', 'setuidgid', 'tinydns', 'tinydns-conf', 'tinydns-data', 'dnsq', 'mkfifo', 'flock');
const PASSWORD = 'correct horse battery';

/** GET PATH with Basic USER:PASSWORD from the source address FROM (another address of the world's /24). */
function getFrom(world: DyndnsWorld, from: number, path: string, user: string, password: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const headers = { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
    const localAddress = world.ip.replace(/\.1$/, `.${from}`);
    const req = request({ host: world.ip, port: PORT, path, headers, agent: false, localAddress }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer to ${path} within 30 s`)));
    req.end();
  });
}

describe.skipIf(!ready)('iim-tinydns dyndns2 service under attack', { timeout: 120_000 }, () => {
  let world: DyndnsWorld | undefined;
  const sockets: Socket[] = [];
  afterEach(() => {
    sockets.splice(0).forEach((socket) => socket.destroy());
    tearDown(world);
    world = undefined;
  });

  it('after FAILURES wrong passwords an address is answered abuse without a check, even with the right one; other addresses still get in', async () => {
    world = await makeDyndnsWorld('dyndns-flood', { FAILURES: '3' });
    await world.account('home', PASSWORD, 'home.dyn.test');
    const update = '/nic/update?hostname=home.dyn.test&myip=192.0.2.31';
    for (let i = 0; i < 3; i++) expect(await getFrom(world, 2, update, 'home', `wrong ${i}`)).toBe('badauth\n');
    expect(await getFrom(world, 2, update, 'home', PASSWORD)).toBe('abuse\n');
    await world.logged('abuse: over 3 failed logins in a minute from');
    expect(await getFrom(world, 3, update, 'home', PASSWORD)).toBe('good 192.0.2.31\n');
    await world.answersWith('a', 'home.dyn.test', '192.0.2.31');
  });

  it('after ACCOUNTFAILURES wrong passwords an account answers badauth without a check, but a client whose password was checked keeps updating', async () => {
    world = await makeDyndnsWorld('dyndns-lockout', { ACCOUNTFAILURES: '3' });
    await world.account('home', PASSWORD, 'home.dyn.test');
    await world.account('office', PASSWORD, 'office.dyn.test');
    expect(await getFrom(world, 2, '/nic/update?hostname=home.dyn.test&myip=192.0.2.41', 'home', PASSWORD)).toBe('good 192.0.2.41\n');
    // From three addresses, so that no address reaches its own limit.
    for (const from of [3, 4, 5]) {
      expect(await getFrom(world, from, '/nic/update?hostname=home.dyn.test&myip=192.0.2.66', 'home', 'guess')).toBe('badauth\n');
      expect(await getFrom(world, from, '/nic/update?hostname=office.dyn.test&myip=192.0.2.66', 'office', 'guess')).toBe('badauth\n');
    }
    expect(await getFrom(world, 6, '/nic/update?hostname=office.dyn.test&myip=192.0.2.42', 'office', PASSWORD)).toBe('badauth\n');
    await world.logged('badauth: over 3 failed logins in a minute for "office", not checked');
    expect(await getFrom(world, 2, '/nic/update?hostname=home.dyn.test&myip=192.0.2.43', 'home', PASSWORD)).toBe('good 192.0.2.43\n');
    await world.answersWith('a', 'home.dyn.test', '192.0.2.43');
    expect(readFileSync(world.data, 'utf8')).not.toContain('office.dyn.test');
  });

  it('more password checks at once than HASHES and its queue hold are answered 911 at once; the service keeps serving', async () => {
    world = await makeDyndnsWorld('dyndns-hashes', { HASHES: '1' });
    await world.account('home', PASSWORD, 'home.dyn.test');
    // 60 unknown names from 60 addresses: each costs a scrypt (a decoy hash); 1 runs, 16 wait.
    const replies = await Promise.all(Array.from({ length: 60 }, (_, i) => getFrom(world!, 10 + i, '/nic/update?hostname=home.dyn.test&myip=192.0.2.50', `nobody${i}`, 'guess')));
    expect(replies.filter((body) => body === '911\n').length).toBeGreaterThanOrEqual(60 - 17 - 5);
    expect(replies.every((body) => body === '911\n' || body === 'badauth\n')).toBe(true);
    await world.logged('911: too many password checks waiting');
    expect(await getFrom(world, 2, '/nic/update?hostname=home.dyn.test&myip=192.0.2.51', 'home', PASSWORD)).toBe('good 192.0.2.51\n');
  });

  it('a name that has other records (a CNAME, an = line) is answered !yours and root/data stays byte for byte', async () => {
    world = await makeDyndnsWorld('dyndns-others');
    const ok = async (...args: string[]) => expect((await world!.bin(...args)).status).toBe(0);
    // The records come after the account (dyndnsAccountAdd refuses names that have them already).
    await world.account('home', PASSWORD, 'home.dyn.test', 'web.dyn.test', 'mail.dyn.test');
    await ok('-i', 'recordAdd', 'cname', 'web.dyn.test', 'fixed.dyn.test');
    await ok('-i', 'recordAdd', 'host', 'mail.dyn.test', '10.9.9.10');
    const before = readFileSync(world.data, 'utf8');
    const reply = await getFrom(world, 2, '/nic/update?hostname=web.dyn.test,mail.dyn.test,home.dyn.test&myip=192.0.2.61', 'home', PASSWORD);
    expect(reply).toBe('!yours\n!yours\ngood 192.0.2.61\n');
    await world.answersWith('a', 'home.dyn.test', '192.0.2.61');
    expect(readFileSync(world.data, 'utf8')).toBe(before + '+home.dyn.test:192.0.2.61:60\n');
    expect(answers(dnsq('a', 'mail.dyn.test', world.ip))).toEqual(['mail.dyn.test 86400 A 10.9.9.10']);
    expect(answers(dnsq('a', 'web.dyn.test', world.ip)).map((line) => line.split(' ').slice(2, 4).join(' '))).toEqual(['CNAME fixed.dyn.test']);
  });

  it('an account file that is a link lets nobody in, and dyndnsAccountList skips links and FIFOs with a warning instead of reading through them', async () => {
    world = await makeDyndnsWorld('dyndns-links');
    await world.account('home', PASSWORD, 'home.dyn.test');
    const accounts = join(world.dyndnsDir, 'accounts');
    const elsewhere = join(world.top, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'planted'), accountFileText({ name: 'evil', hash: hashPassword(PASSWORD), hostnames: ['evil.dyn.test'] }));
    symlinkSync(join(elsewhere, 'planted'), join(accounts, 'evil'));
    execFileSync('mkfifo', [join(accounts, 'pipe')]);
    expect(await getFrom(world, 2, '/nic/update?hostname=evil.dyn.test&myip=192.0.2.71', 'evil', PASSWORD)).toBe('badauth\n');
    expect(await getFrom(world, 2, '/nic/update?hostname=evil.dyn.test&myip=192.0.2.71', 'pipe', PASSWORD)).toBe('badauth\n');
    const listed = await world.bin('-i', 'dyndnsAccountList');
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toBe('home\thome.dyn.test\n');
    expect(listed.stderr).toContain(`${join(accounts, 'evil')} is not a plain file`);
    expect(listed.stderr).toContain(`${join(accounts, 'pipe')} is not a plain file`);
    const replaced = await world.bin('-f', '-p', 'password=generate', '-i', 'dyndnsAccountAdd', 'evil', 'evil.dyn.test');
    expect(replaced.status).toBe(1);
    expect(replaced.stderr).toContain('is not a plain file');
    expect(readFileSync(world.data, 'utf8')).not.toContain('evil.dyn.test');
  });

  it('connections beyond MAXCONNECTIONS are closed at once, idle ones are cut after HEADERTIMEOUT, then updates get through', async () => {
    world = await makeDyndnsWorld('dyndns-idle', { MAXCONNECTIONS: '4', HEADERTIMEOUT: '1000' });
    await world.account('home', PASSWORD, 'home.dyn.test');
    const closed: boolean[] = [];
    const opened = await Promise.all(Array.from({ length: 8 }, (_, i) => new Promise<void>((resolve, reject) => {
      const socket = connect({ host: world!.ip, port: PORT, localAddress: world!.ip.replace(/\.1$/, '.2') }, () => resolve());
      sockets.push(socket);
      closed[i] = false;
      socket.on('close', () => (closed[i] = true));
      socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
    })));
    expect(opened).toHaveLength(8);
    const until = async (what: string, done: () => boolean, ms: number) => {
      const deadline = Date.now() + ms;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`${what}: ${closed.map(String).join(' ')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await until('4 of 8 connections closed at once', () => closed.filter(Boolean).length >= 4, 3000);
    await until('every idle connection cut', () => closed.every(Boolean), 15_000);
    expect(await getFrom(world, 3, '/nic/update?hostname=home.dyn.test&myip=192.0.2.81', 'home', PASSWORD)).toBe('good 192.0.2.81\n');
  });

  it('the service killed (-9) in the middle of a batch loses nothing: root/data is the old text or the new, the lock is free, the next update compiles', async () => {
    world = await makeDyndnsWorld('dyndns-crash', { WINDOW: '0' });
    await world.account('home', PASSWORD, 'home.dyn.test');
    // 100,000 lines: tinydns-data takes long enough here to be caught running.
    appendFileSync(world.data, Array.from({ length: 100_000 }, (_, i) => `+h${i}.big.test:10.0.${i >> 8 & 255}.${i & 255}:60\n`).join(''));
    expect(spawnSync('tinydns-data', [], { cwd: join(world.dir, 'root') }).status).toBe(0);
    const before = readFileSync(world.data, 'utf8');
    const root = join(world.dir, 'root');
    const servicePid = () => readFileSync(join(world!.dyndnsDir, 'supervise', 'status')).readUInt32LE(12);
    const pid = servicePid();
    expect(pid).toBeGreaterThan(0);
    const asked = getFrom(world, 2, '/nic/update?hostname=home.dyn.test&myip=192.0.2.91', 'home', PASSWORD).catch((error: Error) => `failed: ${error.message}`);
    // Kill it once tinydns-data runs (data.tmp there) or, at the latest, once the new data is written.
    const deadline = Date.now() + 30_000;
    while (!existsSync(join(root, 'data.tmp')) && readFileSync(world.data, 'utf8') === before) {
      if (Date.now() > deadline) throw new Error('the update never reached root/data');
      await new Promise((resolve) => setImmediate(resolve));
    }
    process.kill(pid, 'SIGKILL');
    const answered = await asked;
    expect(answered === 'good 192.0.2.91\n' || answered.startsWith('failed: ')).toBe(true);
    // The kernel lets go of the edits' flock with the process (its descriptors close one by one as it dies).
    for (const until = Date.now() + 10_000; spawnSync('flock', ['-n', join(root, 'data.lock'), 'true']).status !== 0; ) {
      if (Date.now() > until) throw new Error(`${join(root, 'data.lock')} still locked 10 s after the service was killed`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const after = readFileSync(world.data, 'utf8');
    expect([before, before + '+home.dyn.test:192.0.2.91:60\n']).toContain(after);
    const restarted = Date.now() + 15_000;
    while (servicePid() === pid || servicePid() === 0) {
      if (Date.now() > restarted) throw new Error('supervise did not restart the service');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await world.logged('serving dyndns2 on');
    let reply = '';
    for (const until = Date.now() + 15_000; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 100))) {
      reply = await getFrom(world, 2, '/nic/update?hostname=home.dyn.test&myip=192.0.2.92', 'home', PASSWORD).catch(() => '');
      if (reply) break;
    }
    expect(reply).toBe('good 192.0.2.92\n');
    await world.answersWith('a', 'home.dyn.test', '192.0.2.92');
    expect(readFileSync(world.data, 'utf8')).toBe(before + '+home.dyn.test:192.0.2.92:60\n');
    expect(existsSync(join(root, 'data.tmp'))).toBe(false);
  });
});
