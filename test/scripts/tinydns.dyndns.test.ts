// The dyndns2 service under real svscan/supervise, over plain HTTP: the protocol cases ddclient
// does not send, bad requests, slow clients, and concurrent updates coalesced into one compile.
import { spawnSync } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { makeDyndnsWorld, PORT, tearDown, type DyndnsWorld } from '../support/dyndns-world.js';

const ready = isRoot() && available('openssl', 'svscan', 'supervise', 'multilog', 'envdir', 'setuidgid', 'tinydns', 'tinydns-conf', 'tinydns-data', 'dnsq');
const PASSWORD = 'correct horse battery';

describe.skipIf(!ready)('iim-tinydns dyndns2 service over HTTP', { timeout: 120_000 }, () => {
  let world: DyndnsWorld | undefined;
  afterEach(() => {
    tearDown(world);
    world = undefined;
  });

  it('myipv6= and myip=V4,V6 set the A and the AAAA; a repeat answers nochg and writes nothing', async () => {
    world = await makeDyndnsWorld('dyndns-v6');
    await world.account('home', PASSWORD, 'home.dyn.test');
    const v6 = await world.get('/nic/update?hostname=home.dyn.test&myipv6=2001:DB8::0:7', 'home', PASSWORD);
    expect(v6).toEqual({ status: 200, body: 'good 2001:db8::7\n' });
    await world.answersWith('aaaa', 'home.dyn.test', '2001:db8::7');
    const both = await world.get('/nic/update?hostname=home.dyn.test&myip=192.0.2.44,2001:db8::8', 'home', PASSWORD);
    expect(both).toEqual({ status: 200, body: 'good 192.0.2.44,2001:db8::8\n' });
    await world.answersWith('a', 'home.dyn.test', '192.0.2.44');
    await world.answersWith('aaaa', 'home.dyn.test', '2001:db8::8');
    const before = readFileSync(world.data, 'utf8');
    const cdb = statSync(join(world.dir, 'root', 'data.cdb'));
    await world.logged('home.dyn.test good 192.0.2.44,2001:db8::8');
    const compiles = world.compiles();
    const again = await world.get('/nic/update?hostname=home.dyn.test&myip=192.0.2.44,2001:db8::8', 'home', PASSWORD);
    expect(again.body).toBe('nochg 192.0.2.44,2001:db8::8\n');
    await world.logged('home.dyn.test nochg 192.0.2.44,2001:db8::8');
    expect(readFileSync(world.data, 'utf8')).toBe(before);
    expect(statSync(join(world.dir, 'root', 'data.cdb')).ino).toBe(cdb.ino);
    expect(world.compiles()).toBe(compiles);
    // One line per name and family, the other records untouched.
    expect(before.split('\n').filter((line) => line.includes('home.dyn.test')).sort()).toEqual(['+home.dyn.test:192.0.2.44:60', expect.stringMatching(/^:home\.dyn\.test:28:.*:60$/)]);
    expect(before).toContain('+fixed.dyn.test:10.9.9.9:86400');
  });

  it('bad requests get their code, change nothing, and the service keeps running', async () => {
    world = await makeDyndnsWorld('dyndns-bad', { HEADERTIMEOUT: '1000', REQUESTTIMEOUT: '2000' });
    await world.account('home', PASSWORD, 'home.dyn.test');
    const before = readFileSync(world.data, 'utf8');
    const asked = (query: string, user = 'home', password = PASSWORD) => world!.get(`/nic/update?${query}`, user, password);
    expect((await world.get('/nic/update?hostname=home.dyn.test&myip=192.0.2.1')).status).toBe(401);
    expect((await asked('hostname=home.dyn.test&myip=192.0.2.1', 'home', 'wrong password')).body).toBe('badauth\n');
    expect((await asked('hostname=home.dyn.test&myip=192.0.2.1', 'nobody')).body).toBe('badauth\n');
    expect((await asked('myip=192.0.2.1')).body).toBe('notfqdn\n');
    expect((await asked('hostname=home&myip=192.0.2.1')).body).toBe('notfqdn\n');
    expect((await asked('hostname=home.dyn.test&myip=192.0.2.256')).body).toBe('dnserr\n');
    expect((await asked('hostname=home.dyn.test&myip=010.0.0.1')).body).toBe('dnserr\n');
    expect((await asked('hostname=fixed.dyn.test&myip=192.0.2.1')).body).toBe('nohost\n');
    const big = await asked(`hostname=home.dyn.test&myip=192.0.2.1&pad=${'x'.repeat(3000)}`);
    expect(big).toEqual({ status: 414, body: 'abuse\n' });
    const raw = (text: string) => new Promise<string>((resolve, reject) => {
      const socket = connect(PORT, world!.ip, () => socket.end(text));
      let got = '';
      socket.on('data', (chunk) => (got += chunk));
      socket.on('close', () => resolve(got));
      socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve(got) : reject(error)));
    });
    const auth = Buffer.from(`home:${PASSWORD}`).toString('base64');
    const body = await raw(`POST /nic/update?hostname=home.dyn.test&myip=192.0.2.1 HTTP/1.1\r\nHost: x\r\nAuthorization: Basic ${auth}\r\nContent-Length: 5000\r\n\r\n${'x'.repeat(5000)}`);
    expect(body).toMatch(/^HTTP\/1\.1 413 .*\r\n\r\nabuse\n$/s);
    // A client that sends half its headers and stops: answered 911 once HEADERTIMEOUT (1 s) has passed.
    const slow = await new Promise<string>((resolve, reject) => {
      const socket = connect(PORT, world!.ip, () => socket.write('GET /nic/update?hostname=home.dyn.test&myip=192.0.2.9 HTTP/1.1\r\nHost: x\r\n'));
      let got = '';
      socket.on('data', (chunk) => (got += chunk));
      socket.on('close', () => resolve(got));
      socket.on('error', reject);
      socket.setTimeout(15_000, () => socket.destroy(new Error('the slow client was never cut off')));
    });
    expect(slow).toMatch(/^HTTP\/1\.1 408 .*\r\n\r\n911\n$/s);
    expect(readFileSync(world.data, 'utf8')).toBe(before);
    expect(world.compiles()).toBe(0);
    expect((await asked('hostname=home.dyn.test&myip=192.0.2.2')).body).toBe('good 192.0.2.2\n');
    await world.answersWith('a', 'home.dyn.test', '192.0.2.2');
  });

  it('twenty concurrent updates become one edit and one compile, each answered after it', async () => {
    world = await makeDyndnsWorld('dyndns-coalesce', { WINDOW: '1500' });
    const names = Array.from({ length: 20 }, (_, i) => `h${i}.dyn.test`);
    await world.account('fleet', PASSWORD, ...names);
    // The first request checks the password with scrypt; the rest find it checked.
    expect((await world.get('/nic/update?hostname=h0.dyn.test&myip=192.0.2.200', 'fleet', PASSWORD)).body).toBe('good 192.0.2.200\n');
    await world.logged('h0.dyn.test good 192.0.2.200');
    const compiles = world.compiles();
    const cdb = statSync(join(world.dir, 'root', 'data.cdb')).ino;
    const replies = await Promise.all(names.map((name, i) => world!.get(`/nic/update?hostname=${name}&myip=192.0.2.${i + 1}`, 'fleet', PASSWORD)));
    expect(replies.map((r) => r.body)).toEqual(names.map((_, i) => `good 192.0.2.${i + 1}\n`));
    for (const [i, name] of names.entries()) await world.logged(`${name} good 192.0.2.${i + 1}`);
    expect(world.compiles()).toBe(compiles + 1);
    expect(statSync(join(world.dir, 'root', 'data.cdb')).ino).not.toBe(cdb);
    // Answered only once compiled: tinydns has every address at once.
    for (const [i, name] of names.entries()) await world.answersWith('a', name, `192.0.2.${i + 1}`);
    expect(world.log().filter((line) => line.includes('batch of 20 request(s), 20 update(s), 20 changed, compiled'))).toHaveLength(1);
  });

  it('serves HTTPS with env/CERT and env/KEY', async () => {
    world = await makeDyndnsWorld('dyndns-tls');
    await world.account('home', PASSWORD, 'home.dyn.test');
    const [cert, key] = [join(world.top, 'cert.pem'), join(world.top, 'key.pem')];
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=dyndns.test', '-keyout', key, '-out', cert], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    spawnSync('chown', ['dyndns', key]);
    await world.settings({ CERT: cert, KEY: key });
    expect(world.log().at(-1)).toContain(`serving dyndns2 on https://${world.ip}:${PORT}/nic/update`);
    const auth = `Basic ${Buffer.from(`home:${PASSWORD}`).toString('base64')}`;
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest({ host: world!.ip, port: PORT, path: '/nic/update?hostname=home.dyn.test&myip=192.0.2.77', headers: { Authorization: auth }, ca: readFileSync(cert), servername: 'dyndns.test', checkServerIdentity: () => undefined }, (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    expect(body).toBe('good 192.0.2.77\n');
    await world.answersWith('a', 'home.dyn.test', '192.0.2.77');
  });

  it('a change tinydns-data refuses answers dnserr and the data is put back', async () => {
    world = await makeDyndnsWorld('dyndns-dnserr');
    await world.account('home', PASSWORD, 'home.dyn.test');
    expect((await world.get('/nic/update?hostname=home.dyn.test&myip=192.0.2.5', 'home', PASSWORD)).body).toBe('good 192.0.2.5\n');
    // A hand edit tinydns-data cannot parse, not compiled yet.
    const broken = readFileSync(world.data, 'utf8') + '!not a data line\n';
    const { writeFileSync } = await import('node:fs');
    writeFileSync(world.data, broken);
    expect((await world.get('/nic/update?hostname=home.dyn.test&myip=192.0.2.6', 'home', PASSWORD)).body).toBe('dnserr\n');
    expect(readFileSync(world.data, 'utf8')).toBe(broken);
    await world.answersWith('a', 'home.dyn.test', '192.0.2.5');
    await world.logged('home.dyn.test dnserr');
    expect(world.log().some((line) => /dnserr: tinydns-data refused the changed data/.test(line))).toBe(true);
  });
});
