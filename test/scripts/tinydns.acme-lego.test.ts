// End to end: Debian's pebble (an ACME test CA) validates DNS-01 against our tinydns, and
// Debian's lego, through hooks/lego-exec.sh, gets a certificate for www.lab.test and *.lab.test.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectChallengesGone, expectChallengesSetAnsweredCleared, expectPebbleCertificate, runClient, useAcmeLab } from '../support/acme-lab.js';
import { available, isRoot } from '../support/programs.js';
import { projectRoot } from '../support/run-bin.js';

const ready = isRoot() && available('tinydns', 'tinydns-conf', 'tinydns-data', 'tinydns-get', 'dnsq', 'svscan', 'pebble', 'lego', 'openssl');

describe.skipIf(!ready)('a certificate from pebble by DNS-01 through lego and our tinydns', () => {
  const labs = useAcmeLab();

  it('lego --dns exec with hooks/lego-exec.sh gets www.lab.test and *.lab.test signed by pebble; the challenges are gone afterwards', async () => {
    const lab = await labs.start('acme-lego');
    const top = lab.world.top;
    const lego = await runClient('lego', [
      '--server', lab.directory, '--email', 'hostmaster@lab.test', '--accept-tos',
      '--domains', 'www.lab.test', '--domains', '*.lab.test',
      '--dns', 'exec', '--dns.resolvers', `${lab.world.ip}:53`, '--dns.disable-cp',
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
    expectChallengesSetAnsweredCleared(lego.output, lab);

    const certificate = join(top, 'lego', 'certificates', 'www.lab.test.crt');
    expect(existsSync(certificate)).toBe(true);
    expectPebbleCertificate(certificate);
    expectChallengesGone(lab);
  }, 200_000);
});
