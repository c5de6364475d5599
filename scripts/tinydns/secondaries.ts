// iim-tinydns secondaries: the servers every compile is pushed to over ssh, and what they answer.
import { join, resolve } from 'node:path';
import { problem, usage, type CommandContext } from '../../framework/index.js';
import { rootOf } from './data-file.js';

/** HOST, or each host of @GROUP in the inventory (-p inventory=), with how ssh reaches it (a HOST the inventory names too, as it says). */
async function targetsOf(word: string, params: Record<string, string>): Promise<{ host: string; hostName?: string; user?: string; port?: string }[]> {
  const { parseSecondaryHost } = await import('../../lib/tinydns/secondaries.js');
  if (!word.startsWith('@')) parseSecondaryHost(word);
  const { existsSync, readFileSync } = await import('node:fs');
  const { parseInventory, resolveHosts } = await import('../../framework/hosts/inventory.js');
  const file = params.inventory;
  const inventory = existsSync(file) ? parseInventory(readFileSync(file, 'utf8'), file) : undefined;
  return resolveHosts(word, inventory, file).map(({ name, hostName, user, port }) => {
    try {
      return { host: parseSecondaryHost(name), hostName, user, port };
    } catch (error) {
      return problem('%s (host %s of %s in %s)', (error as Error).message, name, word, file);
    }
  });
}

export async function secondaryAdd({ args: [hostArgument, ...ipArguments], params, op, out }: CommandContext): Promise<void> {
  const { parseSecondaryIp, secondariesDir, secondaryFileText } = await import('../../lib/tinydns/secondaries.js');
  const targets = await targetsOf(hostArgument, params);
  const ips = ipArguments.map(parseSecondaryIp);
  if (!hostArgument.startsWith('@') && ips.length > 1) usage('one IP for %s, got %s: %s', hostArgument, ips.length, ips.join(' '));
  if (ips.length && ips.length !== targets.length) {
    usage('%s has %s host(s) (%s), got %s IP(s): give one IP per host in this order, or none (each one\'s env/IP)',
      hostArgument, targets.length, targets.map((t) => t.host).join(', '), ips.length);
  }
  const dir = resolve(params.dir);
  await op.mkdir(secondariesDir(dir), 0o755);
  for (const [i, { host, ...reach }] of targets.entries()) {
    const ip = ips[i];
    await op.writeFile(join(secondariesDir(dir), host), secondaryFileText({ ip, ...reach }), 0o644);
    out.done(`${host} is a secondary${ip ? ` answering on ${ip}` : ''}: every compile is pushed to it; -i secondaryPush pushes now`);
  }
  const { layeredConfig, multiplexedBy } = await import('../../framework/hosts/control-master.js');
  for (const target of targets) {
    // ssh -G prints the configuration ssh would use, connecting nowhere
    const { hostName, user, port } = target;
    // asked of the configuration the pushes use: the user's, then the fleet's default master (secondary-push.ts sshArgs)
    const config = layeredConfig(params.sshConfig || undefined) ?? (params.sshConfig || undefined);
    const shown = await op.run('ssh', ['-G', ...(config ? ['-F', config] : []), ...(hostName ? ['-o', `HostName=${hostName}`] : []),
      ...(user ? ['-l', user] : []), ...(port ? ['-p', port] : []), '--', target.host]).catch(() => undefined);
    if (shown?.ran && !multiplexedBy(shown.stdout)) {
      out.warn(`ssh to ${target.host} is not multiplexed: every push pays a whole ssh handshake; set ControlMaster auto, ControlPath and ControlPersist 60 for it in the ssh configuration`);
    }
  }
}

export async function secondaryList({ params, out }: CommandContext): Promise<void> {
  const { readSecondaries, changesBehind, changesText, reachText } = await import('../../lib/tinydns/secondaries.js');
  const dir = resolve(params.dir);
  const secondaries = readSecondaries(dir).map((s) => ({ ...s, behind: changesBehind(dir, s.host) }));
  if (params.format === 'json') return out.json(secondaries);
  for (const secondary of secondaries) {
    const { host, ip, behind } = secondary;
    out.result(`${host} ${ip ?? '(its env/IP)'}${reachText(secondary)}${behind ? `: ${changesText(behind)}` : ''}`);
  }
}

export async function secondaryRemove({ args: [hostArgument], params, op, out }: CommandContext): Promise<void> {
  const { readSecondaries, secondariesDir, behindDir } = await import('../../lib/tinydns/secondaries.js');
  const hosts = (await targetsOf(hostArgument, params)).map((t) => t.host);
  const dir = resolve(params.dir);
  const known = readSecondaries(dir).map((s) => s.host);
  const unknown = hosts.filter((host) => !known.includes(host));
  if (unknown.length) problem('%s %s not a secondary (%s)', unknown.join(', '), unknown.length === 1 ? 'is' : 'are', known.length ? `secondaries: ${known.join(', ')}` : 'there are none');
  for (const host of hosts) {
    await op.unlink(join(secondariesDir(dir), host));
    await op.unlink(join(behindDir(dir), host));
    out.done(`${host} is no longer a secondary (its tinydns still serves the data it has)`);
  }
}

export async function secondaryPush(context: CommandContext): Promise<void> {
  const { op, params } = context;
  const { lockPath, requireData } = await import('./data-file.js');
  const root = rootOf(params);
  requireData(root);
  const { readSecondaries, readNotifyTargets } = await import('../../lib/tinydns/secondaries.js');
  const dir = resolve(params.dir);
  if (readSecondaries(dir).length === 0 && readNotifyTargets(dir).length === 0) {
    problem('no secondaries: add one with -i secondaryAdd HOST [IP] or -i notifyAdd IP ZONE...');
  }
  await op.withLock(lockPath(root), async () => {
    const { startPublication } = await import('./publish.js');
    await (await startPublication(context)).push();
  });
}

export async function secondaryStatus({ params, op, out }: CommandContext): Promise<void> {
  const { readSecondaries, changesBehind, changesText, sampleQueries } = await import('../../lib/tinydns/secondaries.js');
  const { soaSerial } = await import('../../lib/tinydns/serial.js');
  const { listZones } = await import('../../lib/tinydns/records.js');
  const { readDataText } = await import('./data-file.js');
  const { askSecondary, remoteIp, primaryAnswer } = await import('./secondary-push.js');
  const dir = resolve(params.dir);
  const root = rootOf(params);
  const text = readDataText(root);
  const secondaries = readSecondaries(dir);
  if (secondaries.length === 0) problem('no secondaries: add one with -i secondaryAdd HOST [IP]');
  const zone = listZones(text)[0];
  const queries = [...(zone === undefined ? [] : [{ type: 'soa', name: zone === '' ? '.' : zone }]), ...sampleQueries(text, 10)];
  const expected = await Promise.all(queries.map((q) => primaryAnswer(op, root, q.type, q.name)));
  const primarySerial = soaSerial(expected[0] ?? '');
  if (primarySerial !== undefined) out.result(`primary: serial ${primarySerial}`);
  const lines = await Promise.all(secondaries.map(async (secondary) => {
    const { host, ip: stored } = secondary;
    const behind = changesBehind(dir, host);
    const note = behind ? `; ${changesText(behind)} by the last push` : '';
    let ip = stored;
    if (!ip) {
      const found = await remoteIp(op, params, secondary);
      if ('error' in found) return { ok: false, line: `${host}: ${found.error}${note}` };
      ip = found.ip;
    }
    const answers = await Promise.all(queries.map((q) => askSecondary(op, ip!, q.type, q.name)));
    if (answers.every((a) => 'error' in a)) return { ok: false, line: `${host}: does not answer at ${ip} (${(answers[0] as { error: string }).error})${note}` };
    const same = answers.filter((a, i) => 'output' in a && a.output === expected[i]).length;
    const serial = 'output' in answers[0] ? soaSerial(answers[0].output) : undefined;
    const serialText = zone === undefined ? 'no zone' : `serial ${serial ?? 'none'}${serial === primarySerial ? '' : ` (primary ${primarySerial})`}`;
    const ok = same === queries.length;
    const differ = queries.filter((_, i) => !('output' in answers[i]) || (answers[i] as { output: string }).output !== expected[i]).map((q) => `${q.type} ${q.name}`);
    return { ok, line: `${host}: ${serialText}, ${same} of ${queries.length} answers match${ok ? '' : ` (differ: ${differ.slice(0, 5).join(', ')})`}${note}` };
  }));
  lines.forEach(({ line }) => out.result(line));
  const failed = lines.filter((l) => !l.ok).length;
  if (failed) problem('%s of %s secondaries do not answer as the primary: -i secondaryPush', failed, secondaries.length);
}
