// The ACME end-to-end lab: a tinydns world serving lab.test, iim-tinydns on the hooks' PATH with
// this world's dir as the user's default, and Debian's pebble validating DNS-01 against it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { waitUntil } from './processes.js';
import { binPath } from './run-bin.js';
import { answers, dnsq, makeWorld, serve, tearDown, type TinydnsWorld } from './tinydns-world.js';

export interface AcmeLab {
  world: TinydnsWorld;
  /** pebble's ACME directory URL, and the CA file that makes its HTTPS trusted. */
  directory: string;
  ca: string;
  /** What a hook needs in its environment: PATH with iim-tinydns, XDG_CONFIG_HOME with the world's dir. */
  hookEnv: Record<string, string>;
  /** Kill pebble and tear the world down (by PID, whatever state they are in). */
  stop: () => Promise<void>;
}

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

export async function makeAcmeLab(label: string): Promise<AcmeLab> {
  const world = await makeWorld(label);
  let pebble: ChildProcess | undefined;
  const stop = async () => {
    if (pebble?.pid && pebble.exitCode === null && pebble.signalCode === null) {
      const ended = new Promise((done) => pebble!.once('exit', done));
      process.kill(pebble.pid, 'SIGKILL');
      await ended;
    }
    tearDown(world);
  };
  try {
    serve(world);
    const pebbleIp = world.ip.replace(/\.1$/, '.2');
    const top = world.top;
    mkdirSync(join(top, 'bin'));
    symlinkSync(binPath('iim-tinydns'), join(top, 'bin', 'iim-tinydns'));
    mkdirSync(join(top, 'config', 'iim', 'iim-tinydns'), { recursive: true });
    writeFileSync(join(top, 'config', 'iim', 'iim-tinydns', 'dir'), `${world.dir}\n`);
    const ns = await world.bin('-i', 'recordAdd', 'ns', 'lab.test', world.ip);
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
    pebble = spawn('pebble', ['-config', join(dir, 'config.json'), '-dnsserver', `${world.ip}:53`], {
      cwd: dir,
      stdio: ['ignore', log, log],
      env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_AUTHZREUSE: '0' },
    });
    closeSync(log);
    await waitUntil('pebble listens', () => readFileSync(join(dir, 'pebble.log'), 'utf8').includes(`Listening on: ${pebbleIp}:14000`), 30_000);
    return {
      world,
      directory: `https://${pebbleIp}:14000/dir`,
      ca: join(dir, 'ca.pem'),
      hookEnv: { PATH: `${join(top, 'bin')}:${process.env.PATH}`, XDG_CONFIG_HOME: join(top, 'config'), NO_COLOR: '1' },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Run PROGRAM ARGS with ENV added, its stdout and stderr together; killed after TIMEOUT ms. */
export function runClient(program: string, args: string[], env: Record<string, string>, cwd: string, timeoutMs = 150_000): Promise<{ status: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(program, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, output });
    });
  });
}

/** The lab of this test file's current test, stopped after each test (by PID, whatever happened). */
export function useAcmeLab(): { start: (label: string) => Promise<AcmeLab> } {
  let lab: AcmeLab | undefined;
  afterEach(async () => {
    const leaving = lab;
    lab = undefined;
    await leaving?.stop();
  });
  return { start: async (label) => (lab = await makeAcmeLab(label)) };
}

const dotsEscaped = (text: string) => text.replace(/\./g, '\\.');

/** What the hooks said, in a client's output or log: each challenge set, answered by the lab's tinydns, then cleared. */
export function expectChallengesSetAnsweredCleared(said: string, lab: AcmeLab): void {
  for (const name of ['_acme-challenge.lab.test', '_acme-challenge.www.lab.test']) {
    expect(said).toMatch(new RegExp(`added and compiled: '${dotsEscaped(name)}:[A-Za-z0-9_-]{43}:60`));
    expect(said).toMatch(new RegExp(`${dotsEscaped(name)}: [A-Za-z0-9_-]{43}, answered by ${dotsEscaped(lab.world.ip)} \\(a\\.ns\\.lab\\.test\\)`));
    expect(said).toMatch(new RegExp(`removed and compiled: '${dotsEscaped(name)}:`));
  }
}

/** CERTIFICATE names www.lab.test and *.lab.test and is signed by pebble. */
export function expectPebbleCertificate(certificate: string): void {
  const text = spawnSync('openssl', ['x509', '-noout', '-text', '-in', certificate], { encoding: 'utf8' }).stdout;
  const names = /X509v3 Subject Alternative Name:.*\n\s*(.*)/.exec(text)?.[1].split(', ').sort();
  expect(names).toEqual(['DNS:*.lab.test', 'DNS:www.lab.test']);
  expect(text).toMatch(/Issuer: CN ?= ?Pebble Intermediate CA [0-9a-f]+\n/);
}

/** The challenges are gone afterwards: from root/data, and from what tinydns answers. */
export function expectChallengesGone(lab: AcmeLab): void {
  expect(lab.world.readData()).not.toContain('_acme-challenge');
  expect(answers(dnsq('txt', '_acme-challenge.lab.test', lab.world.ip))).toEqual([]);
  expect(answers(dnsq('txt', '_acme-challenge.www.lab.test', lab.world.ip))).toEqual([]);
}
