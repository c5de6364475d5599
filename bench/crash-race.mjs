#!/usr/bin/env node
// The crash-and-race suite (issue 12): concurrent writers and kills at random moments against
// the real iim-tinydns, iim-dnscache and iim-daemontools bins and the real tinydns-data, then
// a count of what was lost, torn, hung or left locked. Bounded in count and time; it stops by
// itself and ends every process it started. Exit 1 when any count other than "tried" is not 0.
//
// Usage: node bench/crash-race.mjs [--kills N] [--writers N] [--edits N] [--load N] [--lines N] [--json]
//   --kills    recordAdd processes killed (SIGKILL and SIGTERM, alternately) at random moments
//   --writers  processes editing at the same time (each kind of control file)
//   --edits    locked edits of root/data per writer, through the same code recordAdd runs
//   --load     busy loops running all the while (LOAD=n in the other benchmarks)
//   --lines    size of the data file the kills run against (tinydns-data takes longer on more)
//   --only     some of the phases: adds, files, edits, kills (comma-separated)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, 'dist');
const bins = {
  tinydns: join(dist, 'bin', 'iim-tinydns.js'),
  dnscache: join(dist, 'bin', 'iim-dnscache.js'),
  daemontools: join(dist, 'bin', 'iim-daemontools.js'),
};

const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const settings = {
  kills: option('kills', 1000),
  writers: option('writers', 10),
  edits: option('edits', 1000),
  load: option('load', 2),
  lines: option('lines', 100_000),
};
const asJson = process.argv.includes('--json');
// --only PHASE[,PHASE]: adds, files, edits, kills (default: all four)
const onlyAt = process.argv.indexOf('--only');
const phases = new Set(onlyAt === -1 ? ['adds', 'files', 'edits', 'kills'] : process.argv[onlyAt + 1].split(','));
const HANG_MS = 60_000;

for (const bin of Object.values(bins)) {
  if (!existsSync(bin)) {
    process.stderr.write(`crash-race: fatal: ${bin} missing: run npm run build\n`);
    process.exit(111);
  }
}
for (const program of ['tinydns-data', 'tinydns-get']) {
  if (spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program]).status !== 0) {
    process.stderr.write(`crash-race: fatal: ${program} not found (Debian package tinydns)\n`);
    process.exit(111);
  }
}

const work = mkdtempSync(join(tmpdir(), 'iim-crash-race-'));
const started = new Set();
const counts = {};
const count = (phase, key, n = 1) => {
  counts[phase] ??= { tried: 0, lost: 0, torn: 0, hung: 0, staleLocks: 0, leftovers: 0 };
  counts[phase][key] += n;
};

/** Run a program; resolve with its status, signal and output; kill it (and count it hung) past HANG_MS. */
function run(program, args, { killAfterMs, killSignal, env, hangMs = HANG_MS } = {}) {
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    started.add(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let hung = false;
    const hang = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, hangMs);
    const killer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill(killSignal), killAfterMs);
    child.on('close', (status, signal) => {
      clearTimeout(hang);
      if (killer) clearTimeout(killer);
      started.delete(child.pid);
      resolve({ status, signal, stdout, stderr, hung });
    });
  });
}

/** At most `limit` of the thunks at once. */
async function pool(limit, thunks) {
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, thunks.length) }, async () => {
      while (next < thunks.length) {
        const index = next++;
        results[index] = await thunks[index]();
      }
    }),
  );
  return results;
}

function startLoad(n) {
  const loops = [];
  for (let i = 0; i < n; i++) {
    const child = spawn(process.execPath, ['-e', 'const end = Date.now() + 3_600_000; while (Date.now() < end);'], { stdio: 'ignore' });
    started.add(child.pid);
    loops.push(child);
  }
  return () => loops.forEach((child) => child.kill('SIGKILL'));
}

/** A tinydns service directory without a running tinydns: root/data with one zone, compiled. */
function tinydnsDir(name, extraLines = 0) {
  const dir = join(work, name);
  mkdirSync(join(dir, 'root'), { recursive: true });
  const lines = ['.race.test:127.0.0.1:a:259200'];
  for (let i = 0; i < extraLines; i++) lines.push(`+filler${i}.race.test:10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:86400`);
  writeFileSync(join(dir, 'root', 'data'), lines.join('\n') + '\n');
  spawnSync('tinydns-data', [], { cwd: join(dir, 'root') });
  return dir;
}

/** The names tinydns-get answers with an address, from data.cdb. */
function answers(dir, name) {
  const result = spawnSync('tinydns-get', ['a', name], { cwd: join(dir, 'root'), encoding: 'utf8' });
  return /\banswer: \S+ \d+ A /.test(result.stdout);
}

/** Torn lines (not a complete data line) and whether data.cdb is what tinydns-data makes of data now. */
function dataState(dir) {
  const text = readFileSync(join(dir, 'root', 'data'), 'utf8');
  const torn = (text.length && !text.endsWith('\n') ? 1 : 0) + text.split('\n').filter((l) => l && !/^[.+=@'^C&Z:#-][^\n]*$/.test(l)).length;
  const copy = mkdtempSync(join(work, 'check-'));
  writeFileSync(join(copy, 'data'), text);
  // tinydns-data takes the default SOA serial from data's mtime: give the copy the same one.
  const { atime, mtime } = statSync(join(dir, 'root', 'data'));
  utimesSync(join(copy, 'data'), atime, mtime);
  spawnSync('tinydns-data', [], { cwd: copy });
  const agree = readFileSync(join(copy, 'data.cdb')).equals(readFileSync(join(dir, 'root', 'data.cdb')));
  rmSync(copy, { recursive: true, force: true });
  return { torn, agree, lines: text.split('\n').filter(Boolean) };
}

/** Files a killed edit may leave: temporary files of ours or of tinydns-data. */
function leftovers(dir) {
  return readdirSync(dir).filter((name) => /tmp/i.test(name));
}

/** A lock that must not stop anybody: what a killed holder of the old pid-file lock left. */
function plantLock(dir, how) {
  const lock = join(dir, 'root', 'data.lock');
  if (how === 'dead pid') writeFileSync(lock, '999999\n');
  if (how === 'empty') writeFileSync(lock, '');
  if (how === 'live foreign pid') writeFileSync(lock, '1\n');
}

async function concurrentRecordAdds() {
  for (const how of ['dead pid', 'empty', 'live foreign pid']) {
    const phase = `recordAdd ×${settings.writers} after a ${how} lock`;
    const dir = tinydnsDir(`adds-${how.replace(/ /g, '-')}`);
    plantLock(dir, how);
    const names = Array.from({ length: settings.writers }, (_, i) => `w${i}.race.test`);
    const results = await Promise.all(names.map((name, i) => run(process.execPath, [bins.tinydns, '-p', `dir=${dir}`, '-i', 'recordAdd', 'host', name, `10.9.0.${i + 1}`])));
    count(phase, 'tried', names.length);
    results.forEach((r, i) => {
      if (r.hung) count(phase, 'hung');
      else if (r.status !== 0 || !answers(dir, names[i])) count(phase, 'lost');
    });
    const state = dataState(dir);
    count(phase, 'torn', state.torn + (state.agree ? 0 : 1));
  }
}

/** Many locked edits of one data file by several processes, through the code recordAdd runs. */
async function lockedEdits() {
  const phase = `${settings.writers} writers × ${settings.edits} locked data edits`;
  const dir = tinydnsDir('edits');
  const worker = join(root, 'bench', 'crash-race-worker.mjs');
  const results = await Promise.all(
    // Every edit waits for the others' compiles: allow 100 ms per edit of all writers on top.
    Array.from({ length: settings.writers }, (_, w) =>
      run(process.execPath, [worker, dir, String(w), String(settings.edits)], { hangMs: HANG_MS + settings.writers * settings.edits * 100 }),
    ),
  );
  count(phase, 'tried', settings.writers * settings.edits);
  results.forEach((r) => {
    if (r.hung) count(phase, 'hung');
    if (r.status !== 0) process.stderr.write(`crash-race: a worker failed: ${r.stderr.trim().split('\n').pop()}\n`);
  });
  const state = dataState(dir);
  const present = new Set(state.lines);
  for (let w = 0; w < settings.writers; w++) {
    for (let e = 0; e < settings.edits; e++) if (!present.has(`+e${e}.w${w}.race.test:10.8.${w}.${e % 250}:86400`)) count(phase, 'lost');
  }
  count(phase, 'torn', state.torn + (state.agree ? 0 : 1));
}

/** Other control files: root/servers (forwardAdd), root/ip (clientAllow), env/ (envSet). */
async function otherControlFiles() {
  const cache = join(work, 'dnscache');
  mkdirSync(join(cache, 'root', 'servers'), { recursive: true });
  mkdirSync(join(cache, 'root', 'ip'), { recursive: true });
  mkdirSync(join(cache, 'env'), { recursive: true });
  writeFileSync(join(cache, 'root', 'servers', '@'), '127.0.0.1\n');
  writeFileSync(join(cache, 'env', 'IP'), '127.0.0.1\n');
  writeFileSync(join(cache, 'env', 'CACHESIZE'), '1000000\n');
  writeFileSync(join(cache, 'env', 'DATALIMIT'), '4000000\n');
  writeFileSync(join(cache, 'run'), '#!/bin/sh\nexec envdir ./env dnscache\n');
  const n = settings.writers * 2;
  const phases = [
    ['forwardAdd ×' + n, (k) => ['-i', 'forwardAdd', 'same.test', `127.77.0.${k + 1}`], () => readFileSync(join(cache, 'root', 'servers', 'same.test'), 'utf8').split('\n').filter(Boolean).length],
    ['clientAllow ×' + n, (k) => ['-i', 'clientAllow', `127.66.${k + 1}`], () => readdirSync(join(cache, 'root', 'ip')).filter((f) => f.startsWith('127.66.')).length],
  ];
  for (const [phase, argsOf, present] of phases) {
    const results = await Promise.all(Array.from({ length: n }, (_, k) => run(process.execPath, [bins.dnscache, '-p', `dir=${cache}`, ...argsOf(k)])));
    count(phase, 'tried', n);
    count(phase, 'hung', results.filter((r) => r.hung).length);
    const failed = results.filter((r) => r.status !== 0);
    if (failed.length) process.stderr.write(`crash-race: ${phase}: ${failed.length} failed: ${failed[0].stderr.trim()}\n`);
    count(phase, 'lost', n - present());
  }
}

/** recordAdds killed at random moments (also while tinydns-data runs), then one that is not. */
async function kills() {
  const phase = `${settings.kills} recordAdds killed (KILL/TERM) on ${settings.lines} lines`;
  const dir = tinydnsDir('kills', settings.lines);
  const finished = [];
  let seed = 7;
  const random = (n) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const thunks = Array.from({ length: settings.kills }, (_, k) => async () => {
    const name = `k${k}.race.test`;
    const r = await run(process.execPath, [bins.tinydns, '-p', `dir=${dir}`, '-i', 'recordAdd', 'host', name, `10.7.${k >> 8 & 255}.${k & 255}`], {
      killAfterMs: 20 + random(600),
      killSignal: k % 2 ? 'SIGTERM' : 'SIGKILL',
    });
    if (r.hung) count(phase, 'hung');
    if (r.status === 0) finished.push(name);
  });
  await pool(2, thunks);
  count(phase, 'tried', settings.kills);
  // The next edit must go through at once (no lock left behind) and leave data and data.cdb agreeing.
  const before = Date.now();
  const next = await run(process.execPath, [bins.tinydns, '-p', `dir=${dir}`, '-i', 'recordAdd', 'host', 'after.race.test', '10.6.0.1']);
  if (next.status !== 0 || Date.now() - before > 10_000) {
    count(phase, 'staleLocks');
    process.stderr.write(`crash-race: the edit after the kills: status ${next.status} in ${Date.now() - before} ms: ${next.stderr.trim()}\n`);
  }
  const state = dataState(dir);
  count(phase, 'torn', state.torn + (state.agree ? 0 : 1));
  for (const name of [...finished, 'after.race.test']) if (!answers(dir, name)) count(phase, 'lost');
  count(phase, 'leftovers', leftovers(join(dir, 'root')).length);
  counts[phase].completed = finished.length;
}

function cleanUp() {
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  rmSync(work, { recursive: true, force: true });
}
process.on('SIGINT', () => {
  cleanUp();
  process.exit(130);
});

const stopLoad = startLoad(settings.load);
const t0 = Date.now();
try {
  if (phases.has('adds')) await concurrentRecordAdds();
  if (phases.has('files')) await otherControlFiles();
  if (phases.has('edits')) await lockedEdits();
  if (phases.has('kills')) await kills();
} finally {
  stopLoad();
  cleanUp();
}
const seconds = ((Date.now() - t0) / 1000).toFixed(1);
const bad = Object.values(counts).some((c) => c.lost || c.torn || c.hung || c.staleLocks || c.leftovers);
if (asJson) process.stdout.write(JSON.stringify({ settings, seconds, counts }) + '\n');
else {
  process.stdout.write(`crash-race: load ${settings.load}, ${seconds} s\n`);
  process.stdout.write(`${'phase'.padEnd(58)} tried  lost  torn  hung  stale  leftovers\n`);
  for (const [phase, c] of Object.entries(counts)) {
    process.stdout.write(`${phase.padEnd(58)} ${String(c.tried).padStart(5)} ${String(c.lost).padStart(5)} ${String(c.torn).padStart(5)} ${String(c.hung).padStart(5)} ${String(c.staleLocks).padStart(6)} ${String(c.leftovers).padStart(10)}\n`);
  }
}
process.exitCode = bad ? 1 : 0;
