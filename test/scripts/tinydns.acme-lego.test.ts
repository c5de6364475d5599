// End to end: Debian's pebble (an ACME test CA) validates DNS-01 against our tinydns, and
// Debian's lego, through hooks/lego-exec.sh, gets a certificate for www.lab.test and *.lab.test.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeAcmeLab, runClient, type AcmeLab } from '../support/acme-lab.js';
import { available, isRoot } from '../support/programs.js';
import { projectRoot } from '../support/run-bin.js';
import { answers, dnsq } from '../support/tinydns-world.js';
import { spawnSync } from 'node:child_process';

const ready = isRoot() && available('tinydns', 'tinydns-conf', 'tinydns-data', 'tinydns-get', 'dnsq', 'svscan', 'pebble', 'lego', 'openssl');

describe.skipIf(!ready)('a certificate from pebble by DNS-01 through lego and our tinydns', () => {
  let lab: AcmeLab | undefined;
  afterEach(async () => {
    const leaving = lab;
    lab = undefined;
    await leaving?.stop();
  });

  it('lego --dns exec with hooks/lego-exec.sh gets www.lab.test and *.lab.test signed by pebble; the challenges are gone afterwards', async () => {
    lab = await makeAcmeLab('acme-lego');
    const w = lab.world;
    const top = w.top;
    const lego = await runClient('lego', [
      '--server', lab.directory, '--email', 'hostmaster@lab.test', '--accept-tos',
      '--domains', 'www.lab.test', '--domains', '*.lab.test',
      '--dns', 'exec', '--dns.resolvers', `${w.ip}:53`, '--dns.disable-cp',
      '--path', join(top, 'lego'), 'run',
    ], {
      ...lab.hookEnv,
      LEGO_CA_CERTIFICATES: lab.ca,
      EXEC_PATH: join(projectRoot, 'hooks', 'lego-exec.sh'),
      EXEC_PROPAGATION_TIMEOUT: '60',
      EXEC_POLLING_INTERVAL: '1',
      EXEC_SEQUENCE_INTERVAL: '1',
    }, top);
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
