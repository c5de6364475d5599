// The bodies of iim's lab commands (loaded only when one of them runs): a whole daemontools +
// djbdns stack on loopback, built, checked and stopped only through our other scripts.
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { panelsDirectory, problem, ProgramFailed, type CommandContext } from '../../framework/index.js';
import { shellLine } from '../../framework/shell-words.js';
import { findProgram } from '../../framework/requirements.js';
import { isSupervised, svscanPids } from '../../lib/daemontools/control.js';
import { DEMO_ADDRESS, DEMO_NAME, DEMO_ZONE, demoRecords, labLayout, rootRecord, type LabLayout } from './lab-layout.js';
import { LAB_DAEMONS, processesUnder } from './lab-processes.js';
import { siblingRunner, type Sibling } from './lab-siblings.js';

/** The programs a lab runs, by Debian package (DJB-LAB: --no-install-recommends keeps runit and an MTA out). */
const LAB_PROGRAMS: Record<string, readonly string[]> = {
  daemontools: ['svscan', 'supervise', 'svc', 'svok', 'multilog', 'envdir', 'envuidgid'],
  tinydns: ['tinydns', 'tinydns-data', 'tinydns-get'],
  dnscache: ['dnscache'],
  'djbdns-conf': ['tinydns-conf', 'dnscache-conf'],
  'djbdns-utils': ['dnsip', 'dnsqr'],
};

function checkLabPrograms(): void {
  const missing = Object.entries(LAB_PROGRAMS).flatMap(([pkg, programs]) => programs.filter((p) => !findProgram(p)).map((p) => [pkg, p]));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map(([pkg]) => pkg))];
  problem(
    'missing programs: %s; install them with: apt-get install -y --no-install-recommends %s',
    missing.map(([, program]) => program).join(', '),
    packages.join(' '),
  );
}

const anyStatus = Array.from({ length: 255 }, (_, i) => i + 1);
const tinydnsParams = (lab: LabLayout) => ({ dir: lab.tinydnsDir, serviceDir: lab.serviceDir });
const dnscacheParams = (lab: LabLayout) => ({ dir: lab.dnscacheDir, serviceDir: lab.serviceDir });
const daemontoolsParams = (lab: LabLayout) => ({ serviceDir: lab.serviceDir, svcBase: lab.svcBase });

function firstLine(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').split('\n')[0];
  } catch {
    return undefined;
  }
}

/** A service is set up when tinydns-conf/dnscache-conf made its dir, linked when serviceDir points at it. */
function serviceState(lab: LabLayout, dir: string) {
  const link = join(lab.serviceDir, dir.split('/').pop()!);
  let linked = false;
  try {
    linked = lstatSync(link).isSymbolicLink();
  } catch {
    // no link
  }
  return { built: existsSync(join(dir, 'env', 'IP')), linked, supervised: linked && isSupervised(dir) && isSupervised(join(dir, 'log')) };
}

function inspect(lab: LabLayout) {
  const svscan = svscanPids(lab.serviceDir);
  const tinydns = serviceState(lab, lab.tinydnsDir);
  const dnscache = serviceState(lab, lab.dnscacheDir);
  return { svscan, tinydns, dnscache, running: svscan.length > 0 && tinydns.supervised && dnscache.supervised };
}

/** A lab built on another net cannot be changed in place: its services' IPs are in their env/ files. */
function checkSameNet(lab: LabLayout, purgeHint: string): void {
  for (const [dir, ip] of [[lab.tinydnsDir, lab.tinydnsIp], [lab.dnscacheDir, lab.dnscacheIp]]) {
    const built = firstLine(join(dir, 'env', 'IP'));
    if (built !== undefined && built !== ip) {
      problem('the lab in %s runs %s on %s, not %s: take it down first (%s), or use another -p lab=DIR', lab.dir, dir.split('/').pop(), built, ip, purgeHint);
    }
  }
}

/** Nothing of this lab runs: its addresses must be free, or another lab (or server) answers there. */
async function checkAddressesFree(lab: LabLayout): Promise<void> {
  const { portTaken } = await import('./lab-addresses.js');
  for (const address of [lab.tinydnsIp, lab.dnscacheIp]) {
    const taken = await portTaken(address);
    if (taken) problem('%s: another lab or server uses the net %s.0/24; choose another with -p net=127.X.Y, or stop that one', taken, lab.net);
  }
}

/** The demo name through the cache (a read: nothing changes): dnsip's addresses, or dnsqr's whole answer. */
async function lookUp(lab: LabLayout, program: 'dnsip' | 'dnsqr' = 'dnsip'): Promise<{ ok: boolean; text: string }> {
  const { spawnSync } = await import('node:child_process'); // only the lab commands pay for it
  const args = program === 'dnsip' ? [DEMO_NAME] : ['a', DEMO_NAME];
  const result = spawnSync(program, args, { env: { ...process.env, DNSCACHEIP: lab.dnscacheIp }, encoding: 'utf8', timeout: 4000 });
  const timedOut = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  const text = ((result.stdout ?? '') + (result.stderr ?? '') || (timedOut ? `${program}: no answer within 4 s` : (result.error?.message ?? ''))).trim();
  return { ok: result.status === 0 && text.split(/\s+/).includes(DEMO_ADDRESS), text };
}

/** The lab this invocation means: -p net= when given, else the net its directory records. */
const labOf = (context: CommandContext) => labLayout(context.params, context.paramSources.net === '-p' || context.paramSources.net === 'config');

/** The iim words that name this lab again (-p lab=, -p net= when they were given). */
function labWords({ params, paramSources }: CommandContext, names = ['lab', 'net']): string[] {
  return names.filter((name) => paramSources[name] === '-p').flatMap((name) => ['-p', `${name}=${params[name]}`]);
}

async function build(lab: LabLayout, state: ReturnType<typeof inspect>, sibling: Sibling, context: CommandContext): Promise<void> {
  const { op, out } = context;
  if (op.performs) out.note(`building the lab in ${lab.dir}: tinydns on ${lab.tinydnsIp}, dnscache on ${lab.dnscacheIp}, then svscan`);
  await op.mkdir(lab.dir);
  await op.writeFile(lab.marker, `iim lab: ${lab.net}.0/24\n`);
  // The two setups one after the other (each creates the dnslog account when missing: they would race),
  // then their changes side by side (iim-tinydns locks root/data; dnscache's files are distinct).
  // svscan comes last: links that exist before svscan starts answer in ~0.25 s (DJB-LAB).
  if (!state.tinydns.linked) await sibling('iim-tinydns', tinydnsParams(lab), ['setup', lab.tinydnsIp], { force: state.tinydns.built });
  if (!state.dnscache.linked) await sibling('iim-dnscache', dnscacheParams(lab), ['setup', lab.dnscacheIp], { force: state.dnscache.built });
  // The demo zone as a file of recordList lines, imported in one change and one compile.
  const zoneText = demoRecords(lab.tinydnsIp).map((record) => shellLine(record)).join('\n');
  await op.writeFile(lab.records, `# ${DEMO_ZONE}, the lab's demo zone: iim-tinydns -i recordImport reads this\n${zoneText}\n`);
  const tinydns = async () => {
    await sibling('iim-tinydns', tinydnsParams(lab), ['recordImport', lab.records]);
    await sibling('iim-tinydns', tinydnsParams(lab), ['recordAdd', ...rootRecord(lab.tinydnsIp)]).catch((error: unknown) => {
      if (!(error instanceof ProgramFailed)) throw error;
      out.warn(`no closed-lab root: ${error.stderr.trim() || error.message}; names outside ${DEMO_ZONE} take 25-60 s to fail`);
    });
  };
  const steps = [
    tinydns,
    () => sibling('iim-dnscache', dnscacheParams(lab), ['clientAllow', '127']),
    () => sibling('iim-dnscache', dnscacheParams(lab), ['forwardAdd', DEMO_ZONE, lab.tinydnsIp]),
    () => sibling('iim-dnscache', dnscacheParams(lab), ['forwardSet', '@', lab.tinydnsIp]),
  ];
  // Shown steps (showRun, seeRun, -v) come one after the other, in plan order; otherwise side by side.
  const shown = context.invocation.mode !== 'runOnly' || context.invocation.verbose;
  if (shown) for (const step of steps) await step();
  else await Promise.all(steps.map((step) => step()));
  if (state.svscan.length === 0) await sibling('iim-daemontools', daemontoolsParams(lab), ['svscanStart']);
}

/** The lab's own panels, LAB/panels/*.org: the shipped ones with every line aimed at this lab. */
async function writeLabPanels(lab: LabLayout, context: CommandContext): Promise<string> {
  const { writePanelsWith } = await import('./panels.js');
  const pairs = (params: Record<string, string>) => Object.entries(params) as Array<[string, string]>;
  return writePanelsWith(context, join(lab.dir, 'panels'), {
    iim: [['lab', lab.dir], ['net', lab.net]],
    'iim-tinydns': pairs(tinydnsParams(lab)),
    'iim-dnscache': pairs(dnscacheParams(lab)),
    'iim-daemontools': pairs(daemontoolsParams(lab)),
  });
}

/** Does tinydns answer for the root zone (a "." line with an empty name)? */
function hasClosedRoot(lab: LabLayout): boolean {
  try {
    return /^\.:/m.test(readFileSync(join(lab.tinydnsDir, 'root', 'data'), 'utf8'));
  } catch {
    return false;
  }
}

function summary(lab: LabLayout, context: CommandContext, svscan: number[]): string {
  const iim = (...words: string[]) => shellLine(['iim', ...labWords(context), ...words]);
  const root = hasClosedRoot(lab) ? 'and a closed-lab root' : '(no closed-lab root: unknown names fail slowly)';
  const ask = `DNSCACHEIP=${lab.dnscacheIp}`;
  return `The lab is up in ${lab.dir} (loopback ${lab.net}.0/24):
  svscan    pid ${svscan.join(' ') || '?'} on ${lab.serviceDir}
  tinydns   ${lab.tinydnsIp}: ${DEMO_ZONE} (ns, hosts gw www, alias web, cname docs, mx, txt) ${root}
  dnscache  ${lab.dnscacheIp}: answers 127/8; ${DEMO_ZONE} and the root go to ${lab.tinydnsIp}
Try:
  ${ask} dnsip ${DEMO_NAME}      # ${DEMO_ADDRESS}
  ${ask} dnsqr mx ${DEMO_ZONE}
  ${shellLine(['iim-tinydns', '-p', `dir=${lab.tinydnsDir}`, '-i', 'recordAdd', 'host', 'new.lab.test', '192.0.2.7'])}
  ${iim('-i', 'labStatus')}
  ${iim('-f', '-i', 'labDown')}      # -p purge=yes also removes ${lab.dir}
Panels: iim -i panel ${join(lab.dir, 'panels', 'index.org')}   # every link acts on this lab (those in ${panelsDirectory()} act on /etc)
`;
}

export async function labUp(context: CommandContext): Promise<void> {
  const { op, out } = context;
  const lab = labOf(context);
  if (op.performs) checkLabPrograms();
  checkSameNet(lab, shellLine(['iim', '-f', '-i', 'labDown', ...labWords(context, ['lab']), '-p', 'purge=yes']));
  const state = inspect(lab);
  if (op.performs && state.svscan.length === 0 && !state.tinydns.supervised && !state.dnscache.supervised) await checkAddressesFree(lab);
  if (state.running) out.note(`the lab in ${lab.dir} is already up (svscan pid ${state.svscan.join(' ')}): checking it`);
  else await build(lab, state, siblingRunner(context), context);
  await writeLabPanels(lab, context);

  let last = { ok: false, text: '' };
  const answered = await op.waitFor(`DNSCACHEIP=${lab.dnscacheIp} dnsip ${DEMO_NAME} answers ${DEMO_ADDRESS}`, async () => (last = await lookUp(lab)).ok, 30_000, 200);
  if (!op.performs) return out.note('showOnly: the plan above, nothing done');
  if (!answered) {
    problem('the lab does not answer: DNSCACHEIP=%s dnsip %s said "%s" for 30 s; see: %s', lab.dnscacheIp, DEMO_NAME, last.text,
      shellLine(['iim', '-i', 'labStatus', ...labWords(context)]));
  }
  out.write(summary(lab, context, svscanPids(lab.serviceDir)));
}

export async function labStatus(context: CommandContext): Promise<void> {
  const { op, out } = context;
  const lab = labOf(context);
  if (!existsSync(lab.dir)) problem('no lab in %s: bring one up with %s', lab.dir, shellLine(['iim', '-i', 'labUp', ...labWords(context)]));
  const sibling = siblingRunner(context);
  const svscan = svscanPids(lab.serviceDir);
  out.result(`lab ${lab.dir} on ${lab.net}.0/24: ${svscan.length ? `svscan runs (pid ${svscan.join(' ')})` : 'no svscan runs'}`);

  out.result('\n== services');
  const services = await sibling('iim-daemontools', daemontoolsParams(lab), ['svcStatus'], { capture: true, okStatuses: anyStatus });
  if (services.ran) out.write(services.stdout + services.stderr);

  out.result(`\n== DNSCACHEIP=${lab.dnscacheIp} dnsqr a ${DEMO_NAME}`);
  const cacheRuns = isSupervised(lab.dnscacheDir);
  const answer = cacheRuns ? await lookUp(lab, 'dnsqr') : { ok: false, text: '(not asked: no supervise runs dnscache)' };
  out.result(answer.text || '(no answer)');

  out.result('\n== dnscache log summary');
  const stats = await sibling('iim-dnscache', { dir: lab.dnscacheDir }, ['logStats'], { capture: true, okStatuses: anyStatus });
  if (stats.ran) out.write(stats.stdout + stats.stderr);

  if (op.performs && (!svscan.length || !answer.ok)) problem('the lab in %s is not up: bring it up with %s', lab.dir, shellLine(['iim', '-i', 'labUp', ...labWords(context)]));
}

export async function labDown(context: CommandContext): Promise<void> {
  const { op, out, params } = context;
  const lab = labOf(context);
  if (!existsSync(lab.dir)) return out.note(`no lab in ${lab.dir}: nothing to stop`);
  if (existsSync(lab.serviceDir)) {
    await siblingRunner(context)('iim-daemontools', daemontoolsParams(lab), ['svscanStop'], { force: true });
  }
  // What svscanStop could not stop (a supervise without svscan, a daemon whose supervise was killed): by pid.
  if (op.performs) {
    const daemonsLeft = () => processesUnder(lab.dir).filter((p) => LAB_DAEMONS.has(p.name));
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const left = daemonsLeft();
      if (left.length === 0) break;
      out.warn(`still running in ${lab.dir}: ${left.map((p) => `${p.pid} (${p.command})`).join(', ')}: ${signal}`);
      for (const { pid } of left) await op.signal(pid, signal).catch(() => undefined);
      await op.waitFor(`pids ${left.map((p) => p.pid).join(' ')} exit`, () => daemonsLeft().length === 0, 5000);
    }
    const left = daemonsLeft();
    if (left.length) problem('still running in %s after SIGKILL: %s', lab.dir, left.map((p) => p.pid).join(' '));
  }
  if (params.purge === 'yes') {
    if (!existsSync(lab.marker)) problem('%s has no %s file: not removing a directory labUp did not make', lab.dir, lab.marker);
    await op.remove(lab.dir);
  }
  out.done(`the lab in ${lab.dir} is stopped: nothing runs there${params.purge === 'yes' ? '; removed' : ''}`);
}
