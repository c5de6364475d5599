// After a compile: the data goes to every secondary over ssh, in parallel, and each one's
// tinydns is asked for the zone's SOA serial, which must be the primary's; each AXFR secondary
// gets a NOTIFY per zone registered for it, so it pulls the zone from axfrdns at once.
import { join, resolve } from 'node:path';
import { problem, type CommandContext } from '../../framework/index.js';
import { compiledSerial, readDataText, rootOf } from './data-file.js';

/**
 * Push root/data to each secondary (lib/tinydns/secondaries.ts says why data and not data.cdb)
 * and check its serial; one line per secondary on stdout. `compiled`: this follows a compile,
 * so a secondary that misses it is one more change behind; `serial`: the one it gave data. Exit 1 when any is behind; the
 * primary's change stands. Called with the data's lock held, so pushes go out in compile order.
 */
export async function publishCompiled(
  { params, op, out }: CommandContext,
  { compiled, serial: compiledAs }: { compiled: boolean; serial?: number },
): Promise<void> {
  const lib = await import('../../lib/tinydns/secondaries.js');
  const dir = resolve(params.dir);
  const secondaries = lib.readSecondaries(dir);
  const notifies = lib.readNotifyTargets(dir).flatMap(({ ip, zones }) => zones.map((zone) => ({ ip, zone })));
  if (secondaries.length === 0 && notifies.length === 0) return;
  const { soaSerial } = await import('../../lib/tinydns/serial.js');
  const { listZones } = await import('../../lib/tinydns/records.js');
  const { sshArgs, sshFailure, askSecondary, primaryAnswer } = await import('./secondary-push.js');
  const root = rootOf(params);
  const text = readDataText(root);
  const serial = compiledAs ?? compiledSerial(root) ?? Math.floor(Date.now() / 1000);
  const zones = listZones(text);
  const zone = zones.length ? zones[0] || '.' : undefined;
  const primarySerial = zone === undefined ? undefined : soaSerial(await primaryAnswer(op, root, 'soa', zone));

  const pushOne = async ({ host, ip: stored }: { host: string; ip?: string }): Promise<string | { failed: string }> => {
    let pushed;
    try {
      pushed = await op.run('ssh', await sshArgs(params, host, lib.pushWords(params.secondaryDir, serial)), { input: text });
    } catch (error) {
      return { failed: sshFailure(error) };
    }
    if (!pushed.ran) return '';
    const ip = stored ?? pushed.stdout.trim().split('\n').pop();
    if (!ip) return { failed: `pushed, but there is no IP to ask (its env/IP is empty): -i secondaryAdd ${host} IP` };
    if (zone === undefined) return `${host}: pushed (no zone to ask)`;
    const asked = await askSecondary(op, ip, 'soa', zone);
    if ('error' in asked) return { failed: `pushed, but its tinydns does not answer at ${ip} (${asked.error})` };
    const got = soaSerial(asked.output);
    if (got !== primarySerial) return { failed: `pushed, but ${ip} answers serial ${got ?? 'none'}, not ${primarySerial}` };
    return `${host}: serial ${got}, answering`;
  };

  const { sendNotify } = await import('./notify.js');
  const { readEnvVariable } = await import('../../lib/daemontools/envdir.js');
  const source = readEnvVariable(join(dir, 'env'), 'IP');
  const [results, notified] = await Promise.all([
    Promise.all(secondaries.map(pushOne)),
    Promise.all(notifies.map(({ ip, zone }) => sendNotify(op, zone, ip, source))),
  ]);
  const behindHosts: string[] = [];
  for (const [i, result] of results.entries()) {
    const { host } = secondaries[i];
    const behindFile = join(lib.behindDir(dir), host);
    if (typeof result === 'string') {
      if (result) out.result(result);
      if (result && lib.changesBehind(dir, host)) await op.unlink(behindFile);
      continue;
    }
    const behind = Math.max(1, lib.changesBehind(dir, host) + (compiled ? 1 : 0));
    await op.mkdir(lib.behindDir(dir), 0o755);
    await op.writeFile(behindFile, `${behind}\n`, 0o644);
    out.result(`${host}: ${result.failed}: ${lib.changesText(behind)}`);
    behindHosts.push(host);
  }
  const unnotified: string[] = [];
  notified.forEach((said, i) => {
    const { ip, zone } = notifies[i];
    if (said === undefined) return;
    out.result(`${ip}: NOTIFY ${zone} ${said === 'acknowledged' ? said : `not acknowledged (${said})`}`);
    if (said !== 'acknowledged') unnotified.push(`${ip} ${zone}`);
  });
  const stands = compiled ? 'the change is compiled here; ' : '';
  if (behindHosts.length) {
    problem('%s of %s secondaries behind (%s): %s-i secondaryPush catches them up', behindHosts.length, secondaries.length,
      behindHosts.join(', '), stands);
  }
  if (unnotified.length) {
    problem('NOTIFY not acknowledged by %s: %sthey see the change at their next SOA refresh', unnotified.join(', '), stands);
  }
}
