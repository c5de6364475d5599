// iim-tinydns with axfrdns beside its tinydns and a real NSD as an AXFR secondary: NSD pulls
// the zone from axfrdns, and after recordAdd it gets a NOTIFY and answers the new record.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { available, isRoot } from '../support/programs.js';
import { answers, makeWorld, serve, tearDown, type TinydnsWorld } from '../support/tinydns-world.js';

const ready = isRoot() && available('tinydns', 'tinydns-conf', 'axfrdns', 'axfrdns-conf', 'tcprules', 'tcpserver', 'svscan', 'dnsq', 'nsd');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** dnsq once, with a short timeout (NSD answers SERVFAIL until it has the zone). */
const ask = (type: string, name: string, ip: string) =>
  spawnSync('timeout', ['2', 'dnsq', type, name, ip], { encoding: 'latin1' }).stdout;
const local = (world: TinydnsWorld, type: string, name: string) =>
  spawnSync('tinydns-get', [type, name], { cwd: join(world.dir, 'root'), encoding: 'latin1' }).stdout;

async function until(what: string, probe: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!probe()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(50);
  }
  return Date.now() - started;
}

const tcpOpen = (ip: string) => new Promise<boolean>((resolve) => {
  const socket = connect({ host: ip, port: 53 });
  socket.once('connect', () => (socket.destroy(), resolve(true)));
  socket.once('error', () => resolve(false));
});

function startNsd(top: string, ip: string, primary: string): { pid: number; log: string } {
  const dir = join(top, 'nsd');
  mkdirSync(dir);
  const config = join(dir, 'nsd.conf');
  writeFileSync(config, [
    'server:',
    `  ip-address: ${ip}`,
    '  port: 53',
    '  do-ip6: no',
    '  username: ""',
    '  chroot: ""',
    `  zonesdir: "${dir}"`,
    `  pidfile: "${dir}/nsd.pid"`,
    `  xfrdfile: "${dir}/xfrd.state"`,
    `  xfrdir: "${dir}"`,
    `  zonelistfile: "${dir}/zone.list"`,
    '  database: ""',
    `  logfile: "${dir}/nsd.log"`,
    '  server-count: 1',
    '  verbosity: 2',
    'remote-control:',
    '  control-enable: no',
    'zone:',
    '  name: example.test',
    '  zonefile: "example.test.zone"',
    `  request-xfr: AXFR ${primary} NOKEY`,
    `  allow-notify: ${primary} NOKEY`,
    `  outgoing-interface: ${ip}`, // the source axfrdns's tcp rule allows (else 127.0.0.1)
    '',
  ].join('\n'));
  const child = spawn('nsd', ['-d', '-c', config], { detached: true, stdio: 'ignore' });
  child.unref();
  return { pid: child.pid!, log: join(dir, 'nsd.log') };
}

describe.skipIf(!ready)('iim-tinydns AXFR secondaries through axfrdns', () => {
  let world: TinydnsWorld | undefined;
  let nsdPid: number | undefined;
  afterEach(async () => {
    if (nsdPid) {
      try {
        process.kill(nsdPid, 'SIGTERM');
      } catch { /* gone */ }
      for (let i = 0; i < 50; i++) {
        try {
          process.kill(nsdPid, 0);
          await sleep(100);
        } catch {
          break;
        }
      }
      nsdPid = undefined;
    }
    tearDown(world);
    world = undefined;
  });

  const axfrWorld = async (label: string) => {
    const made = await makeWorld(label);
    const bin = (...args: string[]) => made.bin('-p', `axfrDir=${join(made.top, 'axfrdns')}`, ...args);
    return { world: made, bin };
  };

  it('axfrSetup, axfrAllow and axfrDeny: tcp rules validated and compiled', async () => {
    const made = await axfrWorld('tinydns-axfr-rules');
    world = made.world;
    const setup = await made.bin('-i', 'axfrSetup', world.ip);
    expect(setup.status, setup.stderr).toBe(0);
    const axfrDir = join(world.top, 'axfrdns');
    expect(readFileSync(join(axfrDir, 'env', 'ROOT'), 'utf8')).toBe(`${join(world.dir, 'root')}\n`);
    expect(existsSync(join(axfrDir, 'tcp.cdb'))).toBe(true);
    expect(existsSync(join(world.serviceDir, 'axfrdns'))).toBe(true);
    expect((await made.bin('-i', 'axfrAllow', '127.0.0.2', 'example.test', '2.0.10.in-addr.arpa')).status).toBe(0);
    expect((await made.bin('-i', 'axfrAllow', '127.0.0.2', 'other.test')).status).toBe(0);
    expect(readFileSync(join(axfrDir, 'tcp'), 'utf8')).toMatch(/\n127\.0\.0\.2:allow,AXFR="example\.test\/2\.0\.10\.in-addr\.arpa\/other\.test"\n:deny\n$/);
    const badIp = await made.bin('-i', 'axfrAllow', '127.0.0.256', 'example.test');
    expect(badIp.status).toBe(1);
    expect(badIp.stderr).toContain('octet 256 > 255');
    const badZone = await made.bin('-i', 'axfrAllow', '127.0.0.3', 'a"b.test');
    expect(badZone.status).toBe(1);
    expect(badZone.stderr).toContain('bad zone "a\\"b.test"');
    expect((await made.bin('-i', 'axfrDeny', '127.0.0.2')).status).toBe(0);
    expect(readFileSync(join(axfrDir, 'tcp'), 'utf8')).not.toContain('127.0.0.2');
    expect((await made.bin('-i', 'axfrDeny', '127.0.0.2')).stderr).toContain('has no rule for 127.0.0.2');
    expect((await made.bin('-i', 'axfrSetup', world.ip)).stderr).toContain('exists: if you really want to replace it, specify -f');
  });

  it('NSD as a secondary: it pulls the zone from axfrdns, and after recordAdd and its NOTIFY answers the new record within seconds', async () => {
    const made = await axfrWorld('tinydns-axfr-nsd');
    world = made.world;
    const { bin } = made;
    const nsdIp = world.ip.replace(/\.1$/, '.2');
    const records = [
      ['ns', 'example.test', world.ip],
      ['host', 'www.example.test', '10.0.2.1'],
      ['mx', 'example.test', '10.0.2.25', '10'],
      ['txt', 'example.test', 'v=spf1 ip4:10.0.2.0/24 -all; a:b'],
      ['txt', 'bin.example.test', 'bytes \u0001\u00ff:end'],
      ['srv', '_sip._udp.example.test', 'sip.example.test', '5060', '10', '20'],
      ['aaaa', 'www.example.test', '2001:db8::1'],
      ['childns', 'sub.example.test', '10.0.9.53'],
      ['cname', 'ftp.example.test', 'www.example.test'],
    ];
    for (const record of records) {
      const added = await bin('-i', 'recordAdd', ...record);
      expect(added.status, added.stderr).toBe(0);
    }
    expect((await bin('-i', 'axfrSetup', world.ip)).status).toBe(0);
    expect((await bin('-i', 'axfrAllow', nsdIp, 'example.test')).status).toBe(0);
    expect((await bin('-i', 'notifyAdd', nsdIp, 'example.test')).status).toBe(0);
    expect((await bin('-i', 'notifyList')).stdout).toBe(`${nsdIp} example.test\n`);
    serve(world);
    for (let i = 0; i < 100 && !(await tcpOpen(world.ip)); i++) await sleep(100);
    const nsd = startNsd(world.top, nsdIp, world.ip);
    nsdPid = nsd.pid;
    await until('NSD has the zone', () => answers(ask('a', 'www.example.test', nsdIp)).length > 0, 15_000)
      .catch((error) => { throw new Error(`${error.message}\n${existsSync(nsd.log) ? readFileSync(nsd.log, 'utf8') : ''}`); });

    const added = await bin('-i', 'recordAdd', 'host', 'new.example.test', '10.0.2.77');
    expect(added.status, added.stdout + added.stderr).toBe(0);
    expect(added.stdout).toBe(`${nsdIp}: NOTIFY example.test acknowledged\nadded and compiled: =new.example.test:10.0.2.77:86400\n`);
    const waited = await until('NSD answers new.example.test', () => answers(ask('a', 'new.example.test', nsdIp)).length > 0, 5000);
    expect(waited).toBeLessThan(5000);
    expect(answers(ask('a', 'new.example.test', nsdIp))).toEqual(['new.example.test 86400 A 10.0.2.77']);

    // every name and type of the zone: the same answer records from NSD as from tinydns-get on the primary
    const queries = [
      ['soa', 'example.test'], ['ns', 'example.test'], ['a', 'www.example.test'], ['mx', 'example.test'],
      ['txt', 'example.test'], ['txt', 'bin.example.test'], ['33', '_sip._udp.example.test'],
      ['28', 'www.example.test'], ['cname', 'ftp.example.test'], ['a', 'new.example.test'],
    ];
    for (const [type, name] of queries) {
      const expected = answers(local(world, type, name)).sort();
      expect(expected.length, `${type} ${name}`).toBeGreaterThan(0);
      expect(answers(ask(type, name, nsdIp)).sort(), `${type} ${name}`).toEqual(expected);
    }
    // the delegation: NSD refers to sub.example.test's server with its glue, as tinydns does
    const sections = (output: string) => output.split('\n').filter((line) => /^(authority|additional): /.test(line)).sort();
    const referral = sections(local(world, 'a', 'x.sub.example.test'));
    expect(referral).toEqual(['additional: a.ns.sub.example.test 259200 A 10.0.9.53', 'authority: sub.example.test 259200 NS a.ns.sub.example.test']);
    expect(sections(ask('a', 'x.sub.example.test', nsdIp))).toEqual(referral);
  }, 60_000);
});
