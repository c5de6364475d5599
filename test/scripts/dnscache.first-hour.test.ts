// Issue 13, as a new user meets it: each command checks the kind of directory it is given,
// names are read in one grammar by both scripts, a query that finds nothing says so (exit 1),
// hints carry the -p values of the invocation, and examples use the directory's own zone.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { runBin } from '../support/run-bin.js';
import { makeWorld, serve, tearDown, type DnscacheWorld } from '../support/dnscache-world.js';

const ready = available('dnscache-conf', 'dnscache', 'tinydns-conf', 'tinydns-data', 'tinydns-get', 'dnsip', 'dnsqr', 'svscan') && isRoot();

describe.skipIf(!ready)('iim-dnscache and iim-tinydns in a new user\'s first hour', () => {
  let world: DnscacheWorld | undefined;
  afterEach(() => {
    tearDown(world);
    world = undefined;
  });

  it('each refuses the other\'s service directory, and a plain directory, naming what it is', async () => {
    world = await makeWorld('first-hour-kinds', { tinydns: true });
    const { dir, tinydnsDir, serviceDir } = world;
    const onTinydns = (...args: string[]) => runBin('iim-dnscache', ['-p', `dir=${tinydnsDir}`, '-p', `serviceDir=${serviceDir}`, ...args]);
    for (const command of [['status'], ['envList'], ['envGet', 'IP'], ['clientList'], ['clientAllow', '10'], ['forwardList'], ['query', 'www.test.zone'], ['logStats'], ['envSet', 'CACHESIZE', '1000000']]) {
      const result = await onTinydns('-i', ...command);
      expect(result.status, command.join(' ')).toBe(1);
      expect(result.stderr, command.join(' ')).toBe(`iim-dnscache: ${command[0]}: ${tinydnsDir} is a tinydns service directory (root/data), not a dnscache one: give -p dir= a dnscache service directory\n`);
    }
    expect(existsSync(join(tinydnsDir, 'root', 'ip'))).toBe(false);
    const onDnscache = (...args: string[]) => runBin('iim-tinydns', ['-p', `dir=${dir}`, ...args]);
    for (const command of [['status'], ['query', 'a', 'www.test.zone'], ['dataCheck'], ['recordList'], ['recordAdd', 'host', 'a.test.zone', '10.0.2.1']]) {
      const result = await onDnscache('-i', ...command);
      expect(result.status, command.join(' ')).toBe(1);
      expect(result.stderr, command.join(' ')).toContain(`${dir} is a dnscache service directory (root/ip, root/servers), not a tinydns one`);
    }
    // a directory that is not set up at all: set it up, with the very -p values given
    const nowhere = join(world.top, 'nowhere');
    const status = await runBin('iim-dnscache', ['-p', `dir=${nowhere}`, '-i', 'status']);
    expect(status).toMatchObject({ status: 1, stderr: `iim-dnscache: status: no ${nowhere}: set one up with iim-dnscache -p dir=${nowhere} -i setup IP\n` });
    const tinydnsStatus = await runBin('iim-tinydns', ['-p', `dir=${nowhere}`, '-i', 'status']);
    expect(tinydnsStatus.stderr).toBe(`iim-tinydns: status: no ${nowhere}/root/data: set the service up first (iim-tinydns -p dir=${nowhere} -i setup IP) or give -p dir=DIR\n`);
  });

  it('a query that finds nothing says why and exits 1, through the cache and from data.cdb', async () => {
    world = await makeWorld('first-hour-query', { tinydns: true });
    expect((await world.bin('-i', 'forwardSet', '@', world.tinydnsIp)).status).toBe(0);
    serve(world);
    const found = await world.bin('-i', 'query', 'www.test.zone');
    expect(found).toMatchObject({ status: 0, stdout: '10.9.8.7 \n' });
    expect(await world.bin('-i', 'query', 'nope.test.zone')).toMatchObject({ status: 1, stdout: '\n', stderr: 'iim-dnscache: query: no such name nope.test.zone (NXDOMAIN)\n' });
    const mx = await world.bin('-i', 'query', 'www.test.zone', 'mx');
    expect(mx.status).toBe(1);
    expect(mx.stderr).toBe('iim-dnscache: query: no MX record for www.test.zone\n');
    expect((await world.tinydns('-i', 'query', 'a', 'www.test.zone')).status).toBe(0);
    const missing = await world.tinydns('-i', 'query', 'a', 'nope.test.zone');
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain('nxdomain');
    expect(missing.stderr).toBe('iim-tinydns: query: no such name nope.test.zone (NXDOMAIN)\n');
    expect((await world.tinydns('-i', 'query', 'mx', 'www.test.zone')).stderr).toBe('iim-tinydns: query: no MX record for www.test.zone\n');
  });

  it('names in one grammar: case folded silently by both, CIDR answered with the prefix, mistyped addresses refused', async () => {
    world = await makeWorld('first-hour-names', { tinydns: true });
    const forward = await world.bin('-i', 'forwardAdd', 'Corp.Test', world.tinydnsIp);
    expect(forward.status, forward.stderr).toBe(0);
    expect(readFileSync(join(world.dir, 'root', 'servers', 'corp.test'), 'utf8')).toBe(`${world.tinydnsIp}\n`);
    expect((await world.tinydns('-i', 'recordAdd', 'host', 'A.Test.Zone', '10.9.8.1')).status).toBe(0);
    expect(readFileSync(join(world.tinydnsDir, 'root', 'data'), 'utf8')).toContain('=a.test.zone:10.9.8.1:86400\n');
    const cidr = await world.bin('-i', 'clientAllow', '10.0.2.0/24');
    expect(cidr).toMatchObject({ status: 1, stderr: 'iim-dnscache: clientAllow: bad client prefix "10.0.2.0/24": prefixes are whole octets, not CIDR: for 10.0.2.0/24 write 10.0.2\n' });
    expect((await world.tinydns('-i', 'recordAdd', 'ptr', '10.0.2.x', 'p.test.zone')).stderr).toBe('iim-tinydns: recordAdd: bad IP "10.0.2.x": octet "x" is not a number 0-255\n');
    expect((await world.tinydns('-i', 'recordAdd', 'host', '-a.test.zone', '10.0.2.1')).stderr).toBe('iim-tinydns: recordAdd: bad domain name "-a.test.zone": label "-a" starts with "-"\n');
    expect((await world.bin('-i', 'forwardAdd', 'a-.test.zone', '10.0.2.1')).stderr).toBe('iim-dnscache: forwardAdd: bad domain name "a-.test.zone": label "a-" ends with "-"\n');
    expect((await world.tinydns('-i', 'recordAdd', 'host', 'a-.test.zone', '10.0.2.1')).stderr).toBe('iim-tinydns: recordAdd: bad domain name "a-.test.zone": label "a-" ends with "-"\n');
    // the same leading-zero message from both
    expect((await world.bin('-i', 'forwardAdd', 'x.test', '10.0.2.01')).stderr).toContain('bad IP "10.0.2.01": octet "01" has a leading zero');
    expect((await world.tinydns('-i', 'recordAdd', 'host', 'x.test.zone', '10.0.2.01')).stderr).toContain('bad IP "10.0.2.01": octet "01" has a leading zero');
  });

  it("examples forward the zone this cache already sends to its tinydns, at that tinydns's address", async () => {
    world = await makeWorld('first-hour-examples', { tinydns: true });
    expect((await world.bin('-i', 'forwardAdd', 'test.zone', world.tinydnsIp)).status).toBe(0);
    const examples = (await world.bin('-i', 'examples')).stdout;
    expect(examples).toContain(`-i forwardAdd test.zone ${world.tinydnsIp}`);
    expect(examples).toContain('-i query www.test.zone');
    expect(examples).not.toContain('corp.test');
  });
});
