// End to end: Debian's pebble (an ACME test CA) validates DNS-01 against our tinydns, and
// Debian's lego, through hooks/lego-exec.sh, gets a certificate for www.lab.test and *.lab.test.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../support/processes.js';
import { available, isRoot } from '../support/programs.js';
import { binPath, projectRoot } from '../support/run-bin.js';
import { answers, dnsq, makeWorld, serve, tearDown, type TinydnsWorld } from '../support/tinydns-world.js';

const ready = isRoot() && available('tinydns', 'tinydns-conf', 'tinydns-data', 'tinydns-get', 'dnsq', 'svscan', 'pebble', 'lego', 'openssl');

function openssl(cwd: string, ...args: string[]): void {
  const made = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${made.stderr}`);
}

/** A CA and pebble's own HTTPS certificate for IP, made with openssl (Debian's pebble ships none). */
function pebbleCertificates(dir: string, ip: string): void {
  openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=iim test CA');
  openssl(dir, 'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'key.pem', '-out', 'server.csr', '-subj', `/CN=${ip}`);
  writeFileSync(join(dir, 'server.ext'), `subjectAltName=IP:${ip}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  openssl(dir, 'x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'cert.pem', '-days', '2', '-extfile', 'server.ext');
}

describe.skipIf(!ready)('a certificate from pebble by DNS-01 through lego and our tinydns', () => {
  let world: TinydnsWorld | undefined;
  let pebble: ChildProcess | undefined;
  afterEach(async () => {
    if (pebble?.pid && pebble.exitCode === null) {
      const ended = new Promise((done) => pebble!.once('exit', done));
      process.kill(pebble.pid, 'SIGKILL');
      await ended;
    }
    pebble = undefined;
    const leaving = world;
    world = undefined;
    tearDown(leaving);
  });

  it('lego --dns exec with hooks/lego-exec.sh gets www.lab.test and *.lab.test signed by pebble; the challenges are gone afterwards', async () => {
    world = await makeWorld('acme-lego');
    serve(world);
    const w = world;
    const pebbleIp = w.ip.replace(/\.1$/, '.2');
    const top = w.top;
    // The hook runs iim-tinydns from PATH, with this world's dir as the user's default.
    mkdirSync(join(top, 'bin'));
    symlinkSync(binPath('iim-tinydns'), join(top, 'bin', 'iim-tinydns'));
    mkdirSync(join(top, 'config', 'iim', 'iim-tinydns'), { recursive: true });
    writeFileSync(join(top, 'config', 'iim', 'iim-tinydns', 'dir'), `${w.dir}\n`);
    const ns = await w.bin('-i', 'recordAdd', 'ns', 'lab.test', w.ip);
    expect(ns.status, ns.stderr).toBe(0);

    const dir = join(top, 'pebble');
    mkdirSync(dir);
    pebbleCertificates(dir, pebbleIp);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({
      pebble: {
        listenAddress: `${pebbleIp}:14000`,
        managementListenAddress: `${pebbleIp}:15000`,
        certificate: join(dir, 'cert.pem'),
        privateKey: join(dir, 'key.pem'),
        httpPort: 5002,
        tlsPort: 5001,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    }));
    const log = openSync(join(dir, 'pebble.log'), 'a');
    pebble = spawn('pebble', ['-config', join(dir, 'config.json'), '-dnsserver', `${w.ip}:53`], {
      cwd: dir,
      stdio: ['ignore', log, log],
      env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_AUTHZREUSE: '0' },
    });
    closeSync(log);
    await waitUntil('pebble listens', () => readFileSync(join(dir, 'pebble.log'), 'utf8').includes(`Listening on: ${pebbleIp}:14000`), 30_000);

    const lego = await new Promise<{ status: number | null; output: string }>((done) => {
      const child = spawn('lego', [
        '--server', `https://${pebbleIp}:14000/dir`, '--email', 'hostmaster@lab.test', '--accept-tos',
        '--domains', 'www.lab.test', '--domains', '*.lab.test',
        '--dns', 'exec', '--dns.resolvers', `${w.ip}:53`, '--dns.disable-cp',
        '--path', join(top, 'lego'), 'run',
      ], {
        cwd: top,
        env: {
          ...process.env,
          PATH: `${join(top, 'bin')}:${process.env.PATH}`,
          XDG_CONFIG_HOME: join(top, 'config'),
          NO_COLOR: '1',
          LEGO_CA_CERTIFICATES: join(dir, 'ca.pem'),
          EXEC_PATH: join(projectRoot, 'hooks', 'lego-exec.sh'),
          EXEC_PROPAGATION_TIMEOUT: '60',
          EXEC_POLLING_INTERVAL: '1',
          EXEC_SEQUENCE_INTERVAL: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
      child.on('close', (status) => {
        clearTimeout(timer);
        done({ status, output });
      });
    });
    expect(lego.status, lego.output).toBe(0);
    // Each challenge was set, answered by our tinydns before lego went on, and cleared.
    for (const name of ['_acme-challenge.lab.test', '_acme-challenge.www.lab.test']) {
      expect(lego.output).toMatch(new RegExp(`added and compiled: '${name.replace(/\./g, '\\.')}:[A-Za-z0-9_-]{43}:60`));
      expect(lego.output).toMatch(new RegExp(`${name.replace(/\./g, '\\.')}: [A-Za-z0-9_-]{43}, answered by ${w.ip.replace(/\./g, '\\.')} \\(a\\.ns\\.lab\\.test\\)`));
      expect(lego.output).toMatch(new RegExp(`removed and compiled: '${name.replace(/\./g, '\\.')}:`));
    }

    const certificate = join(top, 'lego', 'certificates', 'www.lab.test.crt');
    expect(existsSync(certificate)).toBe(true);
    const text = spawnSync('openssl', ['x509', '-noout', '-text', '-in', certificate], { encoding: 'utf8' }).stdout;
    const names = /X509v3 Subject Alternative Name:.*\n\s*(.*)/.exec(text)?.[1].split(', ').sort();
    expect(names).toEqual(['DNS:*.lab.test', 'DNS:www.lab.test']);
    expect(text).toMatch(/Issuer: CN ?= ?Pebble Intermediate CA [0-9a-f]+\n/);

    // Gone afterwards: from root/data, and from what tinydns answers.
    expect(w.readData()).not.toContain('_acme-challenge');
    expect(answers(dnsq('txt', '_acme-challenge.lab.test', w.ip))).toEqual([]);
    expect(answers(dnsq('txt', '_acme-challenge.www.lab.test', w.ip))).toEqual([]);
  }, 200_000);
});
