// recordAdd on a primary with two tinydns secondaries over ssh (sshd test hosts), until both
// answer the new record, against a local-only recordAdd on the same data; then the time until
// an NSD secondary answers after NOTIFY (it pulls the whole zone: axfrdns has no IXFR), by zone
// size. Bundled and run by bench/tinydns-secondaries.sh.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestHosts } from '../test/support/test-hosts.js';
import { median, time } from './timing.js';
import { loopbackNet, startSvscan, tearDownWorld, temporaryDirectory } from '../test/support/sandbox.js';

const [lines, runs, bin, generator] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4], process.argv[5]];
const nsdSizes = process.argv[6] === 'none' ? [] : (process.argv[6] ?? '1000,10000,100000').split(',').map(Number);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const must = (program: string, args: string[], options: { cwd?: string } = {}) => {
  const r = spawnSync(program, args, { encoding: 'utf8', ...options });
  if (r.status !== 0) throw new Error(`${program} ${args.join(' ')}: exit ${r.status}: ${r.stdout}${r.stderr}`);
  return r.stdout;
};
const run = (args: string[]) => new Promise<number>((resolve) => {
  const child = spawn(process.execPath, [bin, ...args], { stdio: 'ignore' });
  child.on('close', (status) => resolve(status ?? 1));
});
const answers = (type: string, name: string, ip: string) =>
  spawnSync('timeout', ['2', 'dnsq', type, name, ip], { encoding: 'latin1' }).stdout.includes('\nanswer: ');

const top = temporaryDirectory('bench-secondaries');
const net = loopbackNet();
// The secondaries' root has a fresh Debian's ~/.bashrc and ~/.profile; MACHINE_DOTFILES=1: this
// machine's own (test/support/test-hosts.ts machineDotfiles)
// NO_CONTROL_MASTER=1: the ssh config says nothing of ControlMaster (a plain ~/.ssh/config), so
// pushes get the fleet's default master, its sockets in a directory of this run
const hostOptions = { machineDotfiles: process.env.MACHINE_DOTFILES === '1', controlMaster: process.env.NO_CONTROL_MASTER !== '1' };
// short: a socket path has 107 characters at most; the masters go when their hosts stop
const runtime = hostOptions.controlMaster ? undefined : mkdtempSync('/tmp/iim-bench-rt-');
if (runtime) process.env.XDG_RUNTIME_DIR = runtime;
const fleet = await startTestHosts(2, 'bench-secondaries', hostOptions);
// BIN_B: another build, pushing from its own primary to its own two secondaries (a push replaces
// a secondary's data, so builds sharing secondaries would undo each other's changes)
const fleetB = process.env.BIN_B ? await startTestHosts(2, 'bench-secondaries-b', hostOptions) : undefined;
const svscans: ReturnType<typeof startSvscan>[] = [];
let nsdPid: number | undefined;
try {
  for (const host of [...fleet.hosts, ...(fleetB?.hosts ?? [])]) {
    const hostFleet = fleet.hosts.includes(host) ? fleet : fleetB!;
    for (const command of [`iim-tinydns -i setup ${host.address}`, 'iim-daemontools -i svscanStart']) {
      const r = hostFleet.ssh(host.name, command);
      if (r.status !== 0) throw new Error(`${host.name}: ${command}: ${r.stderr}`);
    }
  }
  const primary = (name: string, ip: string, sshConfig = fleet.sshConfig) => {
    const dir = join(top, name);
    const params = ['-p', `dir=${dir}`, '-p', `serviceDir=${join(top, `service-${name}`)}`, '-p', `axfrDir=${join(top, `axfr-${name}`)}`, '-p', `sshConfig=${sshConfig}`];
    must(process.execPath, [bin, ...params, '-i', 'setup', ip]);
    return { dir, params, data: join(dir, 'root', 'data') };
  };
  const local = primary('local', `${net}.1`);
  const pushed = primary('pushed', `${net}.2`);
  const other = fleetB ? primary('other', `${net}.4`, fleetB.sshConfig) : undefined;
  must(process.execPath, [generator, local.data, String(lines)]);
  copyFileSync(local.data, pushed.data);
  if (other) copyFileSync(local.data, other.data);
  for (const p of [local, pushed, ...(other ? [other] : [])]) must(process.execPath, [bin, ...p.params, '-i', 'dataCompile']);
  if (other) {
    for (const host of fleetB!.hosts) must(process.execPath, [bin, ...other.params, '-i', 'secondaryAdd', host.name, host.address]);
    must(process.execPath, [bin, ...other.params, '-i', 'secondaryPush']);
  }
  for (const host of fleet.hosts) must(process.execPath, [bin, ...pushed.params, '-i', 'secondaryAdd', host.name, host.address]);
  must(process.execPath, [bin, ...pushed.params, '-i', 'secondaryPush']);
  console.log(`data: ${lines} lines; secondaries ${fleet.hosts.map((h) => `${h.name} (${h.address})`).join(', ')}; root's dotfiles there: ${hostOptions.machineDotfiles ? "this machine's own" : "a fresh Debian's"}${runtime ? '; no ControlMaster in the ssh config' : ''}`);

  const localTimes: number[] = [];
  const pushedTimes: number[] = [];
  const otherTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const name = `bench${i}.zone0.example.com`;
    localTimes.push(await time(async () => {
      if (await run([...local.params, '-i', 'recordAdd', 'alias', name, '10.99.0.1']) !== 0) throw new Error('local recordAdd failed');
    }));
    pushedTimes.push(await time(async () => {
      if (await run([...pushed.params, '-i', 'recordAdd', 'alias', name, '10.99.0.1']) !== 0) throw new Error('recordAdd with secondaries failed');
      for (const host of fleet.hosts) if (!answers('a', name, host.address)) throw new Error(`${host.name} does not answer ${name}`);
    }));
    if (other) {
      otherTimes.push(await time(async () => {
        const child = spawn(process.execPath, [process.env.BIN_B!, ...other.params, '-i', 'recordAdd', 'alias', `b${name}`, '10.99.0.1'], { stdio: 'ignore' });
        const status = await new Promise((resolve) => child.on('close', resolve));
        if (status !== 0) throw new Error('BIN_B recordAdd failed');
        for (const host of fleetB!.hosts) if (!answers('a', `b${name}`, host.address)) throw new Error(`${host.name} does not answer b${name}`);
      }));
    }
  }
  const l = median(localTimes);
  const p = median(pushedTimes);
  console.log(`| recordAdd on ${lines} lines (${runs} interleaved runs) | median (ms) | ratio |`);
  console.log('|---|---:|---:|');
  console.log(`| local only | ${l.toFixed(0)} | 1.00× |`);
  console.log(`| with 2 ssh secondaries, until both answer the new record | ${p.toFixed(0)} | ${(p / l).toFixed(2)}× |`);
  if (other) console.log(`| the same with ${process.env.BIN_B} | ${median(otherTimes).toFixed(0)} | ${(median(otherTimes) / l).toFixed(2)}× |`);

  // NSD: one zone of SIZE lines, pulled whole from axfrdns after each NOTIFY ('none': skipped)
  nsd: {
  if (nsdSizes.length === 0) break nsd;
  const nsdIp = `${net}.20`;
  const axfr = primary('axfr', `${net}.3`);
  const zone = (size: number) => ['.big.test:' + `${net}.3` + ':a:259200',
    ...Array.from({ length: size - 1 }, (_, i) => `+h${i}.big.test:10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:86400`)].join('\n') + '\n';
  writeFileSync(axfr.data, zone(nsdSizes[0]));
  must(process.execPath, [bin, ...axfr.params, '-i', 'dataCompile']);
  must(process.execPath, [bin, ...axfr.params, '-i', 'axfrSetup', `${net}.3`]);
  must(process.execPath, [bin, ...axfr.params, '-i', 'axfrAllow', nsdIp, 'big.test']);
  must(process.execPath, [bin, ...axfr.params, '-i', 'notifyAdd', nsdIp, 'big.test']);
  svscans.push(startSvscan(join(top, 'service-axfr')));
  const nsdDir = join(top, 'nsd');
  mkdirSync(nsdDir);
  writeFileSync(join(nsdDir, 'nsd.conf'), [
    'server:', `  ip-address: ${nsdIp}`, '  port: 53', '  do-ip6: no', '  username: ""', '  chroot: ""',
    `  zonesdir: "${nsdDir}"`, `  pidfile: "${nsdDir}/nsd.pid"`, `  xfrdfile: "${nsdDir}/xfrd.state"`, `  xfrdir: "${nsdDir}"`,
    `  zonelistfile: "${nsdDir}/zone.list"`, '  database: ""', `  logfile: "${nsdDir}/nsd.log"`, '  server-count: 1',
    // NSD reloads a transferred zone at most once per xfrd-reload-timeout (default 1 s): 0 measures the pull itself
    `  xfrd-reload-timeout: ${process.env.NSD_RELOAD_TIMEOUT ?? '1'}`,
    'remote-control:', '  control-enable: no',
    'zone:', '  name: big.test', '  zonefile: "big.test.zone"', `  request-xfr: AXFR ${net}.3 NOKEY`,
    `  allow-notify: ${net}.3 NOKEY`, `  outgoing-interface: ${nsdIp}`, '',
  ].join('\n'));
  await sleep(1500); // svscan starts tinydns and axfrdns
  const nsd = spawn('nsd', ['-d', '-c', join(nsdDir, 'nsd.conf')], { detached: true, stdio: 'ignore' });
  nsd.unref();
  nsdPid = nsd.pid;
  for (let t = 0; t < 300 && !answers('a', 'h1.big.test', nsdIp); t++) await sleep(100);
  console.log('');
  console.log('| zone size (lines) | recordAdd until NSD answers the new record, median (ms) |');
  console.log('|---:|---:|');
  for (const size of nsdSizes) {
    writeFileSync(axfr.data, zone(size));
    must(process.execPath, [bin, ...axfr.params, '-i', 'dataCompile']);
    for (let t = 0; t < 600 && !answers('a', `h${size - 2}.big.test`, nsdIp); t++) await sleep(100);
    const times: number[] = [];
    for (let i = 0; i < Math.min(runs, 7); i++) {
      const name = `n${size}x${i}.big.test`;
      times.push(await time(async () => {
        if (await run([...axfr.params, '-i', 'recordAdd', 'alias', name, '10.98.0.1']) !== 0) throw new Error('recordAdd (NOTIFY) failed');
        for (let t = 0; t < 3000 && !answers('a', name, nsdIp); t++) await sleep(5);
      }));
    }
    console.log(`| ${size} | ${median(times).toFixed(0)} |`);
  }
  }
} finally {
  if (nsdPid) {
    try {
      process.kill(nsdPid, 'SIGTERM');
    } catch { /* gone */ }
    await sleep(500);
  }
  for (const svscan of svscans) svscan.stop();
  if (runtime) {
    // the default masters end through their sockets (ssh -O exit), then their directory goes
    for (const f of [fleet, fleetB]) {
      for (const host of f?.hosts ?? []) spawnSync('ssh', ['-F', f!.sshConfig, '-o', `ControlPath=${join(runtime, 'iim-ssh', '%C')}`, '-O', 'exit', host.name], { stdio: 'ignore' });
    }
    rmSync(runtime, { recursive: true, force: true });
  }
  await fleet.stop();
  await fleetB?.stop();
  tearDownWorld(top);
}
