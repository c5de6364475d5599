// End to end: Debian's pebble validates DNS-01 against our tinydns, and Debian's certbot, through
// hooks/certbot-auth.sh and hooks/certbot-cleanup.sh, gets a certificate for www.lab.test and *.lab.test.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectChallengesGone, expectChallengesSetAnsweredCleared, expectPebbleCertificate, runClient, useAcmeLab } from '../support/acme-lab.js';
import { available, isRoot } from '../support/programs.js';
import { projectRoot } from '../support/run-bin.js';

const ready = isRoot() && available('tinydns', 'tinydns-conf', 'tinydns-data', 'tinydns-get', 'dnsq', 'svscan', 'pebble', 'certbot', 'openssl');

describe.skipIf(!ready)('a certificate from pebble by DNS-01 through certbot and our tinydns', () => {
  const labs = useAcmeLab();

  it('certbot certonly --manual with the certbot hooks gets www.lab.test and *.lab.test signed by pebble; the challenges are gone afterwards', async () => {
    const lab = await labs.start('acme-certbot');
    const top = lab.world.top;
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
    // certbot logs each hook's output.
    expectChallengesSetAnsweredCleared(spawnSync('cat', [join(top, 'certbot', 'logs', 'letsencrypt.log')], { encoding: 'utf8' }).stdout, lab);

    const certificate = join(top, 'certbot', 'config', 'live', 'www.lab.test', 'cert.pem');
    expect(existsSync(certificate), certbot.output).toBe(true);
    expectPebbleCertificate(certificate);
    expectChallengesGone(lab);
  }, 200_000);
});
