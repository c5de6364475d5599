// 50 dyndns2 clients sending 200 updates/s in total for 30 s (open loop: each client every
// 250 ms, staggered) into a 100,000-line root/data: per update, the time from the request
// until tinydns answers the new address over UDP; updates lost; compiles; and the anchor, one
// tinydns-data of the same file. Bundled and run by bench/tinydns-dyndns.sh.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import dnsPacket from 'dns-packet';
import { accountFileText, hashPassword } from '../lib/dyndns/accounts.js';
import { median, time } from './timing.js';
import { loopbackNet, startSvscan, tearDownWorld, temporaryDirectory } from '../test/support/sandbox.js';

const [lines, clients, rate, seconds, bin, , generator] = [
  Number(process.argv[2]), Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]), process.argv[6], process.argv[7], process.argv[8],
];
const PORT = 8245;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const must = (program: string, args: string[], options: { cwd?: string } = {}) => {
  const r = spawnSync(program, args, { encoding: 'utf8', ...options });
  if (r.status !== 0) throw new Error(`${program} ${args.join(' ')}: exit ${r.status}: ${r.stdout}${r.stderr}`);
  return r.stdout;
};

const top = temporaryDirectory('bench-dyndns');
chmodSync(top, 0o755);
const ip = `${loopbackNet()}.1`;
const dir = join(top, 'tinydns');
const dyndnsDir = join(top, 'dyndns');
const serviceDir = join(top, 'service');
const params = ['-p', `dir=${dir}`, '-p', `serviceDir=${serviceDir}`, '-p', `dyndnsDir=${dyndnsDir}`];
const svscan = startSvscan(serviceDir);
const socket = createSocket('udp4');
try {
  must(process.execPath, [bin, ...params, '-i', 'setup', ip]);
  const data = join(dir, 'root', 'data');
  must(process.execPath, [generator, data, String(lines)]);
  writeFileSync(data, readFileSync(data, 'utf8') + `.dyn.test:${ip}:a:259200\n`);
  must(process.execPath, [bin, ...params, '-i', 'dataCompile']);

  // The anchor: one tinydns-data of this file, in a copy.
  const copy = join(top, 'anchor');
  mkdirSync(copy);
  cpSync(data, join(copy, 'data'));
  const anchors: number[] = [];
  for (let i = 0; i < 5; i++) anchors.push(await time(async () => void must('tinydns-data', [], { cwd: copy })));

  must(process.execPath, [bin, ...params, '-i', 'dyndnsSetup', ip, String(PORT)]);
  const accounts = join(dyndnsDir, 'accounts');
  const owner = statSync(accounts);
  for (let c = 0; c < clients; c++) {
    const file = join(accounts, `c${c}`);
    writeFileSync(file, accountFileText({ name: `c${c}`, hash: hashPassword(`password-${c}`), hostnames: [`c${c}.dyn.test`] }), { mode: 0o600 });
    must('chown', [`${owner.uid}:${owner.gid}`, file]);
  }
  const log = join(dyndnsDir, 'log', 'main', 'current');
  // multilog rotates current at 99999 bytes: the batch lines are in its older files too.
  const logLines = () => [...readdirSync(join(dyndnsDir, 'log', 'main')).filter((f) => f.startsWith('@')).sort(), 'current']
    .flatMap((file) => readFileSync(join(dyndnsDir, 'log', 'main', file), 'utf8').split('\n'));
  const batchLines = () => logLines().filter((line) => / changed, compiled in /.test(line));
  const compiles = () => batchLines().length;
  for (let tries = 0; !readFileSync(log, 'utf8').includes('serving dyndns2'); tries++) {
    if (tries > 300) throw new Error('the dyndns service did not start');
    await sleep(100);
  }

  const agent = new Agent({ keepAlive: true });
  const update = (c: number, address: string) =>
    new Promise<string>((resolve, reject) => {
      const auth = `Basic ${Buffer.from(`c${c}:password-${c}`).toString('base64')}`;
      const req = request({ host: ip, port: PORT, agent, path: `/nic/update?system=dyndns&hostname=c${c}.dyn.test&myip=${address}`, headers: { Authorization: auth } }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve(body.trim()));
      });
      req.on('error', reject);
      req.end();
    });

  // UDP queries to tinydns, matched by id.
  const waiting = new Map<number, (addresses: string[]) => void>();
  socket.on('message', (message) => {
    const packet = dnsPacket.decode(message);
    waiting.get(packet.id!)?.((packet.answers ?? []).filter((a) => a.type === 'A').map((a) => String(a.data)));
    waiting.delete(packet.id!);
  });
  let nextId = 1;
  const ask = (name: string) =>
    new Promise<string[]>((resolve) => {
      const id = nextId++ & 0xffff;
      waiting.set(id, resolve);
      socket.send(dnsPacket.encode({ type: 'query', id, questions: [{ type: 'A', name }] }), 53, ip);
      setTimeout(() => waiting.get(id) === resolve && (waiting.delete(id), resolve([])), 1000);
    });

  // Each client once, so its password has been checked (scrypt) before the clock starts.
  await Promise.all(Array.from({ length: clients }, (_, c) => update(c, '192.0.2.1')));
  const compilesBefore = compiles();
  const latencies: number[] = [];
  const lost: string[] = [];
  let sent = 0;
  const interval = (1000 * clients) / rate;
  const started = Date.now();
  const runs: Promise<void>[] = [];
  // Each client's addresses count up (10.2xx.C.N): tinydns answering N or a later one serves this update.
  const sequence = (address: string) => Number(address.split('.')[3]);
  const one = async (c: number, n: number) => {
    const address = `10.${200 + (c >> 8)}.${c & 255}.${n}`;
    const name = `c${c}.dyn.test`;
    const t0 = performance.now();
    try {
      const answer = await update(c, address);
      if (answer !== `good ${address}`) return void lost.push(`${name} ${address}: ${answer}`);
      for (;;) {
        const got = await ask(name);
        // A later update of this client already served: this one was overtaken, not lost.
        if (got.length === 1 && sequence(got[0]) >= n) break;
        if (performance.now() - t0 > 30_000) return void lost.push(`${name} ${address}: tinydns answers ${got.join(',')}`);
        await sleep(10);
      }
      latencies.push(performance.now() - t0);
    } catch (error) {
      lost.push(`${name} ${address}: ${(error as Error).message}`);
    }
  };
  for (let c = 0; c < clients; c++) {
    runs.push((async () => {
      await sleep((interval * c) / clients);
      for (let n = 2; Date.now() - started < seconds * 1000 && n < 256; n++) {
        sent++;
        runs.push(one(c, n));
        await sleep(interval);
      }
    })());
  }
  while (runs.length) await runs.shift();
  const elapsed = Math.min(seconds, (Date.now() - started) / 1000);
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const within2s = sorted.filter((ms) => ms <= 2000).length / sorted.length;
  console.log(`data: ${lines} lines + dyn.test; ${clients} clients, ${sent} updates in ${elapsed.toFixed(1)} s (${(sent / elapsed).toFixed(0)}/s)`);
  console.log('| measure | value |');
  console.log('|---|---:|');
  console.log(`| updates sent | ${sent} |`);
  console.log(`| updates lost (not "good", or never answered by tinydns) | ${lost.length} |`);
  console.log(`| p50 request → tinydns answers the new address (ms) | ${pct(50).toFixed(0)} |`);
  console.log(`| p99 (ms) | ${pct(99).toFixed(0)} |`);
  console.log(`| max (ms) | ${sorted.at(-1)!.toFixed(0)} |`);
  console.log(`| answered within 2 s | ${(within2s * 100).toFixed(2)} % |`);
  console.log(`| compiles (tinydns-data runs) | ${compiles() - compilesBefore} |`);
  const batchMs = batchLines().slice(compilesBefore).map((line) => Number(/compiled in ([0-9]+) ms/.exec(line)![1]));
  console.log(`| median time of one batch (lock, edit, write, tinydns-data) (ms) | ${median(batchMs).toFixed(0)} |`);
  console.log(`| updates per compile | ${(sent / Math.max(1, compiles() - compilesBefore)).toFixed(1)} |`);
  console.log(`| anchor: one tinydns-data of the file, median of 5 (ms) | ${median(anchors).toFixed(0)} |`);
  if (process.env.BENCH_DEBUG) console.log(batchLines().slice(-25).join('\n'));
  if (lost.length) console.log(`lost, first 5: ${lost.slice(0, 5).join('; ')}`);
  agent.destroy();
} finally {
  socket.close();
  tearDownWorld(top, svscan);
}
