// svcStatus on N sshd test hosts (default 20) through the fan-out, against the floor the
// transport sets: the same N remote `iim-daemontools -i svcStatus` over plain ssh, started in
// parallel, on the same reused ControlMaster connections. Bundled and run by bench/fleet-status.sh.
import { spawn, spawnSync } from 'node:child_process';
import { startTestHosts } from '../test/support/test-hosts.js';
import { median, time } from './timing.js';

const count = Number(process.argv[2] ?? 20);
const runs = Number(process.argv[3] ?? 15);
const bin = process.argv[4];
const fleet = await startTestHosts(count, 'bench-fleet');
const names = fleet.hosts.map((h) => h.name);
const fanOut = [bin, '-p', `sshConfig=${fleet.sshConfig}`, '-p', `hosts=${names.join(',')}`, '-p', `forks=${count}`, '-i', 'svcStatus'];

const must = (args: string[]) => {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
};
const plainSsh = () => new Promise<void>((resolve, reject) => {
  let left = names.length;
  for (const name of names) {
    const child = spawn('ssh', ['-F', fleet.sshConfig, '-o', 'BatchMode=yes', name, '--', 'iim-daemontools -i svcStatus'], { stdio: 'ignore' });
    child.on('close', (status) => (status === 0 ? --left === 0 && resolve() : reject(new Error(`${name}: exit ${status}`))));
  }
});
const fanOutOnce = () => new Promise<void>((resolve, reject) => {
  const child = spawn(process.execPath, fanOut, { stdio: 'ignore' });
  child.on('close', (status) => (status === 0 ? resolve() : reject(new Error(`fan-out: exit ${status}`))));
});

try {
  const base = [bin, '-p', `sshConfig=${fleet.sshConfig}`, '-p', `hosts=${names.join(',')}`, '-p', `forks=${count}`];
  must([...base, '-i', 'svscanStart']);
  must([...base, '-i', 'svcCreate', 'hello', 'sleep', '3600']);
  must([...base, '-i', 'svcCreate', 'other', 'sleep', '3600']);
  const lines = must(fanOut).trim().split('\n');
  console.log(`${count} hosts, ${lines.length} status lines, e.g. "${lines[0]}"`);
  await plainSsh(); // every ControlMaster is up before timing
  const floor: number[] = [];
  const ours: number[] = [];
  for (let run = 0; run < runs; run++) {
    floor.push(await time(plainSsh));
    ours.push(await time(fanOutOnce));
  }
  const f = median(floor);
  const o = median(ours);
  console.log(`| command (${runs} interleaved runs, ${count} hosts) | median (ms) | ratio |`);
  console.log('|---|---:|---:|');
  console.log(`| ${count} × \`ssh HOST -- iim-daemontools -i svcStatus\` in parallel (floor) | ${f.toFixed(0)} | 1.00× |`);
  console.log(`| \`iim-daemontools -p hosts=ns1..ns${count} -p forks=${count} -i svcStatus\` | ${o.toFixed(0)} | ${(o / f).toFixed(2)}× |`);
} finally {
  await fleet.stop();
}
