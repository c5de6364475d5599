import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sshArguments } from '../../../framework/hosts/ssh.js';
import { available } from '../../support/programs.js';

describe('sshArguments', () => {
  it('ends the options with -- before the destination (ssh then reads none after it either)', () => {
    expect(sshArguments({ name: 'ns1', user: 'admin', port: '2222' }, 'iim-daemontools -i svcStatus')).toEqual([
      '-o', 'BatchMode=yes', '-l', 'admin', '-p', '2222', '--', 'ns1', 'iim-daemontools -i svcStatus',
    ]);
  });

  it.skipIf(!available('ssh'))('is a vector the real ssh reads as meant (ssh -G, nothing connects)', () => {
    const seen = spawnSync('ssh', ['-G', ...sshArguments({ name: 'admin@ns1', hostName: '127.0.0.9', port: '2222' }, 'true')], { encoding: 'utf8' });
    expect(seen.status, seen.stderr).toBe(0);
    expect(seen.stdout).toMatch(/^hostname 127\.0\.0\.9$/m);
    expect(seen.stdout).toMatch(/^user admin$/m);
    expect(seen.stdout).toMatch(/^port 2222$/m);
  });
});
