// iim-tinydns AXFR: axfrdns beside tinydns (zone transfers and DNS over TCP from the same
// data.cdb), its tcp rules, and the AXFR secondaries that get a NOTIFY after each compile.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { problem, type CommandContext } from '../../framework/index.js';

const tcpFile = (axfrDir: string) => join(axfrDir, 'tcp');

/** tcprules tcp.cdb tcp.tmp < tcp, in the axfrdns directory: tcprules writes tcp.tmp and renames it. */
async function compileRules(op: CommandContext['op'], axfrDir: string, text: string): Promise<void> {
  await op.run('tcprules', ['tcp.cdb', 'tcp.tmp'], { cwd: axfrDir, input: text });
}

export async function axfrSetup({ args: [ipArgument], params, op, out, force }: CommandContext): Promise<void> {
  const { parseIPv4 } = await import('../../lib/names.js');
  const { isSupervised, linkService } = await import('../../lib/daemontools/control.js');
  const ip = parseIPv4(ipArgument);
  const tinydnsDir = resolve(params.dir);
  const axfrDir = resolve(params.axfrDir);
  if (!existsSync(join(tinydnsDir, 'root', 'data'))) problem('no %s/root/data: set tinydns up first (-i setup IP)', tinydnsDir);
  if (existsSync(axfrDir)) {
    if (!force) problem('%s exists: if you really want to replace it, specify -f', axfrDir);
    if (isSupervised(axfrDir)) problem('%s is running under supervise: stop it first (svc -dx %s %s/log)', axfrDir, axfrDir, axfrDir);
    await op.remove(axfrDir);
  }
  await op.run('axfrdns-conf', [params.axfrAccount, params.logAccount, axfrDir, tinydnsDir, ip]);
  // tcpserver -x tcp.cdb refuses every connection while tcp.cdb is missing: compile the rules axfrdns-conf wrote.
  await compileRules(op, axfrDir, op.performs ? readFileSync(tcpFile(axfrDir), 'utf8') : ':deny\n');
  const serviceDir = resolve(params.serviceDir);
  await op.mkdir(serviceDir);
  const link = join(serviceDir, basename(axfrDir));
  if (!existsSync(link)) await linkService(op, axfrDir, serviceDir);
  out.done(`axfrdns on ${ip}:53 (TCP) serving ${tinydnsDir}/root/data.cdb, linked as ${link}; allow a secondary with -i axfrAllow IP ZONE...`);
}

async function editRules(context: CommandContext, ip: string, zones: string[] | undefined): Promise<string> {
  const { params, op } = context;
  const { editAxfrRules } = await import('../../lib/tinydns/axfr-rules.js');
  const axfrDir = resolve(params.axfrDir);
  if (!existsSync(tcpFile(axfrDir))) problem('no %s: set axfrdns up first (-i axfrSetup IP)', tcpFile(axfrDir));
  let rule = '';
  await op.withLock(join(axfrDir, 'tcp.lock'), async () => {
    const before = readFileSync(tcpFile(axfrDir), 'utf8');
    const after = editAxfrRules(before, ip, zones);
    rule = after.split('\n').find((line) => line.startsWith(`${ip}:`)) ?? '';
    if (!zones && after === before) problem('%s has no rule for %s', tcpFile(axfrDir), ip);
    // the rules compile before the source changes: a refused rule leaves both as they were
    await compileRules(op, axfrDir, after);
    await op.writeFile(tcpFile(axfrDir), after, 0o644);
  });
  return rule;
}

export async function axfrAllow(context: CommandContext): Promise<void> {
  const { args: [ipArgument, ...zoneArguments], out } = context;
  const { parseIPv4 } = await import('../../lib/names.js');
  const { parseAxfrZones } = await import('../../lib/tinydns/axfr-rules.js');
  const ip = parseIPv4(ipArgument);
  const rule = await editRules(context, ip, parseAxfrZones(zoneArguments));
  out.done(`${rule} (compiled into tcp.cdb: axfrdns reads it at each connection)`);
}

export async function axfrDeny(context: CommandContext): Promise<void> {
  const { args: [ipArgument], out } = context;
  const { parseIPv4 } = await import('../../lib/names.js');
  const ip = parseIPv4(ipArgument);
  await editRules(context, ip, undefined);
  out.done(`${ip} may no longer transfer zones`);
}

export async function notifyAdd({ args: [ipArgument, ...zoneArguments], params, op, out }: CommandContext): Promise<void> {
  const { parseIPv4 } = await import('../../lib/names.js');
  const { parseAxfrZones } = await import('../../lib/tinydns/axfr-rules.js');
  const { notifyDir, readNotifyTargets } = await import('../../lib/tinydns/secondaries.js');
  const ip = parseIPv4(ipArgument);
  const zones = parseAxfrZones(zoneArguments);
  const dir = resolve(params.dir);
  const had = readNotifyTargets(dir).find((t) => t.ip === ip)?.zones ?? [];
  const all = [...new Set([...had, ...zones])];
  await op.mkdir(notifyDir(dir), 0o755);
  await op.writeFile(join(notifyDir(dir), ip), all.map((zone) => `${zone}\n`).join(''), 0o644);
  out.done(`${ip} gets a NOTIFY for ${all.join(', ')} after every compile`);
}

export async function notifyRemove({ args: [ipArgument], params, op, out }: CommandContext): Promise<void> {
  const { parseIPv4 } = await import('../../lib/names.js');
  const { notifyDir, readNotifyTargets } = await import('../../lib/tinydns/secondaries.js');
  const ip = parseIPv4(ipArgument);
  const dir = resolve(params.dir);
  if (!readNotifyTargets(dir).some((t) => t.ip === ip)) problem('%s gets no NOTIFY', ip);
  await op.unlink(join(notifyDir(dir), ip));
  out.done(`${ip} gets no more NOTIFY`);
}

export async function notifyList({ params, out }: CommandContext): Promise<void> {
  const { readNotifyTargets } = await import('../../lib/tinydns/secondaries.js');
  const targets = readNotifyTargets(resolve(params.dir));
  if (params.format === 'json') return out.json(targets);
  targets.forEach(({ ip, zones }) => out.result(`${ip} ${zones.join(' ')}`));
}
