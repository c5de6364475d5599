// svcStatus on N sshd test hosts (default 20) three ways, interleaved in one run: N plain ssh in
// parallel (the transport's floor), the fan-out (`iim-daemontools -p hosts=@all`), and Ansible's
// `community.general.svc` module with -f N, all on the same inventory and the same reused
// ControlMaster connections. Bundled and run by bench/fleet-ansible.sh.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestHosts } from '../test/support/test-hosts.js';
import { median, time } from './timing.js';

const count = Number(process.argv[2] ?? 20);
const runs = Number(process.argv[3] ?? 7);
const bin = process.argv[4];
const fleet = await startTestHosts(count, 'bench-ansible');
const names = fleet.hosts.map((h) => h.name);
const base = [bin, '-p', `sshConfig=${fleet.sshConfig}`, '-p', `inventory=${fleet.inventory}`, '-p', 'hosts=@all', '-p', `forks=${count}`];
const fanOut = [...base, '-i', 'svcStatus'];
// Ansible's own state (its home, local and remote temporary files) stays in the run's directory
// and in the hosts' private /var/lib; ssh reads the test hosts' config, which holds the masters.
const ansibleHome = join(fleet.directory, 'ansible');
mkdirSync(ansibleHome);
const ansibleEnv = {
  ...process.env,
  ANSIBLE_HOME: ansibleHome,
  ANSIBLE_LOCAL_TEMP: join(ansibleHome, 'tmp'),
  ANSIBLE_REMOTE_TMP: '/var/lib/ansible-tmp',
  ANSIBLE_SSH_ARGS: `-F ${fleet.sshConfig}`,
  ANSIBLE_HOST_KEY_CHECKING: 'False',
  ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
  ANSIBLE_NOCOLOR: '1',
};
const ansible = ['all', '-i', fleet.inventory, '-f', String(count), '-o', '-m', 'community.general.svc', '-a', 'name=hello service_dir=/etc/service'];

const must = (program: string, args: string[], env?: NodeJS.ProcessEnv) => {
  const r = spawnSync(program, args, { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`${program} ${args.join(' ')}: exit ${r.status}: ${r.stdout}${r.stderr}`);
  return r.stdout;
};
const started = (program: string, args: string[], env?: NodeJS.ProcessEnv) => () => new Promise<void>((resolve, reject) => {
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let said = '';
  child.stdout.on('data', (chunk) => (said += chunk));
  child.stderr.on('data', (chunk) => (said += chunk));
  child.on('close', (status) => (status === 0 ? resolve() : reject(new Error(`${program} ${args.slice(-3).join(' ')}: exit ${status}: ${said}`))));
});
const plainSsh = () => Promise.all(names.map((name) =>
  started('ssh', ['-F', fleet.sshConfig, '-o', 'BatchMode=yes', name, '--', 'iim-daemontools -i svcStatus'])())).then(() => undefined);
const fanOutOnce = started(process.execPath, fanOut);
const ansibleOnce = started('ansible', ansible, ansibleEnv);

try {
  must(process.execPath, [...base, '-i', 'svscanStart']);
  must(process.execPath, [...base, '-i', 'svcCreate', 'hello', 'sleep', '3600']);
  const lines = must(process.execPath, fanOut).trim().split('\n');
  const answers = must('ansible', ansible, ansibleEnv).trim().split('\n');
  console.log(`${count} hosts; iim: ${lines.length} lines, e.g. "${lines[0]}"`);
  console.log(`ansible: ${answers.length} lines, e.g. "${answers[0].slice(0, 160)}"`);
  await plainSsh(); // every ControlMaster is up before timing
  const floor: number[] = [];
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let run = 0; run < runs; run++) {
    floor.push(await time(plainSsh));
    ours.push(await time(fanOutOnce));
    theirs.push(await time(ansibleOnce));
  }
  const [f, o, a] = [median(floor), median(ours), median(theirs)];
  console.log(`| command (${runs} interleaved runs, ${count} hosts) | median (ms) | against the floor | Ansible / this |`);
  console.log('|---|---:|---:|---:|');
  console.log(`| ${count} × \`ssh HOST -- iim-daemontools -i svcStatus\` in parallel (floor) | ${f.toFixed(0)} | 1.00× | |`);
  console.log(`| \`iim-daemontools -p hosts=@all -p forks=${count} -i svcStatus\` | ${o.toFixed(0)} | ${(o / f).toFixed(2)}× | **${(a / o).toFixed(1)}×** |`);
  console.log(`| \`ansible all -f ${count} -m community.general.svc -a 'name=hello service_dir=/etc/service'\` | ${a.toFixed(0)} | ${(a / f).toFixed(2)}× | 1.0× |`);
  console.log(`all runs (ms): floor ${floor.map(Math.round).join(' ')}; iim ${ours.map(Math.round).join(' ')}; ansible ${theirs.map(Math.round).join(' ')}`);
} finally {
  await fleet.stop();
}
