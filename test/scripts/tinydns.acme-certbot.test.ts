// End to end: Debian's pebble validates DNS-01 against our tinydns, and Debian's certbot, through
// hooks/certbot-auth.sh and hooks/certbot-cleanup.sh, gets a certificate for www.lab.test and *.lab.test.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeAcmeLab, runClient, type AcmeLab } from '../support/acme-lab.js';
import { available, isRoot } from '../support/programs.js';
import { projectRoot } from '../support/run-bin.js';
import { answers, dnsq } from '../support/tinydns-world.js';

const ready = isRoot() && available('tinydns', 'tinydns-conf', 'tinydns-data', 'tinydns-get', 'dnsq', 'svscan', 'pebble', 'certbot', 'openssl');

describe.skipIf(!ready)('a certificate from pebble by DNS-01 through certbot and our tinydns', () => {
  let lab: AcmeLab | undefined;
  afterEach(async () => {
    const leaving = lab;
    lab = undefined;
    await leaving?.stop();
  });

  it('certbot certonly --manual with the certbot hooks gets www.lab.test and *.lab.test signed by pebble; the challenges are gone afterwards', async () => {
    lab = await makeAcmeLab('acme-certbot');
    const w = lab.world;
    const top = w.top;
    const certbot = await runClient('certbot', [
      'certonly', '--manual', '--preferred-challenges', 'dns',
      '--manual-auth-hook', join(projectRoot, 'hooks', 'certbot-auth.sh'),
      '--manual-cleanup-hook', join(projectRoot, 'hooks', 'certbot-cleanup.sh'),
      '--server', lab.directory,
      '--config-dir', join(top, 'certbot', 'config'), '--work-dir', join(top, 'certbot', 'work'), '--logs-dir', join(top, 'certbot', 'logs'),
      '--non-interactive', '--agree-tos', '--register-unsafely-without-email',
      '-d', 'www.lab.test', '-d', '*.lab.test',
    ], { ...lab.hookEnv, REQUESTS_CA_BUNDLE: lab.ca }, top);
    expect(certbot.status, certbot.output).toBe(0);
    const log = spawnSync('cat', [join(top, 'certbot', 'logs', 'letsencrypt.log')], { encoding: 'utf8' }).stdout;
    // certbot logs each hook's output: set and answered by our tinydns, then cleared.
    for (const name of ['_acme-challenge.lab.test', '_acme-challenge.www.lab.test']) {
      const quoted = name.replace(/\./g, '\\.');
      expect(log).toMatch(new RegExp(`added and compiled: '${quoted}:[A-Za-z0-9_-]{43}:60`));
      expect(log).toMatch(new RegExp(`${quoted}: [A-Za-z0-9_-]{43}, answered by ${w.ip.replace(/\./g, '\\.')} \\(a\\.ns\\.lab\\.test\\)`));
      expect(log).toMatch(new RegExp(`removed and compiled: '${quoted}:`));
    }

    const certificate = join(top, 'certbot', 'config', 'live', 'www.lab.test', 'cert.pem');
    expect(existsSync(certificate), certbot.output).toBe(true);
    const text = spawnSync('openssl', ['x509', '-noout', '-text', '-in', certificate], { encoding: 'utf8' }).stdout;
    const names = /X509v3 Subject Alternative Name:.*\n\s*(.*)/.exec(text)?.[1].split(', ').sort();
    expect(names).toEqual(['DNS:*.lab.test', 'DNS:www.lab.test']);
    expect(text).toMatch(/Issuer: CN ?= ?Pebble Intermediate CA [0-9a-f]+\n/);

    expect(w.readData()).not.toContain('_acme-challenge');
    expect(answers(dnsq('txt', '_acme-challenge.lab.test', w.ip))).toEqual([]);
    expect(answers(dnsq('txt', '_acme-challenge.www.lab.test', w.ip))).toEqual([]);
  }, 200_000);
});
