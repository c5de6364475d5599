// After a compile: the data goes to every secondary over ssh, in parallel, and each one's
// tinydns is asked for the zone's SOA serial, which must be the primary's; each AXFR secondary
// gets a NOTIFY per zone registered for it, so it pulls the zone from axfrdns at once.
import { join, resolve } from 'node:path';
import { problem, type CommandContext } from '../../framework/index.js';
import type { Publication } from './data-file.js';
import { compiledSerial, readDataText, rootOf } from './data-file.js';

const NOTHING = { stage: () => {}, finish: async () => {}, push: async () => {}, cancel: async () => {} };

/**
 * Open one ssh session per secondary now, each waiting for its data (lib/tinydns/secondaries.ts
 * pushWords), so that connecting overlaps the edit; `stage` sends the new data and its serial
 * as the primary's compile starts (the secondaries compile theirs meanwhile); `finish` commits
 * them, checks each secondary's SOA serial, sends the NOTIFYs and prints one line per secondary
 * on stdout; `cancel` tells the sessions nothing changed or the compile failed. Both run with
 * the data's lock held, so pushes go out in compile order. Exit 1 when any secondary is behind;
 * the primary's change stands.
 */
export async function startPublication({ params, op, out }: CommandContext): Promise<Publication & { push: () => Promise<void> }> {
  const lib = await import('../../lib/tinydns/secondaries.js');
  const dir = resolve(params.dir);
  const secondaries = lib.readSecondaries(dir);
  const notifies = lib.readNotifyTargets(dir).flatMap(({ ip, zones }) => zones.map((zone) => ({ ip, zone })));
  if (secondaries.length === 0 && notifies.length === 0) return NOTHING;
  const { sshArgs, sshFailure, askSerial, primaryAnswer } = await import('./secondary-push.js');
  const { createHash } = await import('node:crypto');
  const { ProgramFailed } = await import('../../framework/index.js');
  const root = rootOf(params);

  const { PassThrough } = await import('node:stream');
  const sessions = await Promise.all(secondaries.map(async (secondary) => {
    const input = new PassThrough();
    input.on('error', () => { /* ssh ended before reading it all */ });
    const args = await sshArgs(params, secondary, lib.pushWords(params.secondaryDir));
    const ran = op.run('ssh', args, { input }).then((result) => ({ result }), (error: unknown) =>
      ({ failed: sshFailure(error), stale: error instanceof ProgramFailed && error.status === lib.PUSH_STALE }));
    return { ...secondary, args, input, ran, delta: false };
  }));
  let state: 'waiting' | 'staged' | 'done' = 'waiting';
  let stagedText = '';
  let stagedSerial = 0;
  let md5: Promise<string> | undefined;
  const stage = (text: string, serial: number, before?: string) => {
    if (state !== 'waiting') return;
    state = 'staged';
    stagedText = text;
    stagedSerial = serial;
    const previous = compiledSerial(root);
    const after = Buffer.from(text);
    const delta = before === undefined || previous === undefined ? undefined : lib.deltaPush(serial, Buffer.from(before), after, previous);
    for (const session of sessions) {
      // a secondary behind has older data than BEFORE: it gets the whole data at once
      session.delta = delta !== undefined && lib.changesBehind(dir, session.host) === 0;
      session.input.write(session.delta ? delta! : lib.pushHeader(serial, text) + text);
    }
    // taken while the primary's tinydns-data runs (this process only waits for it then)
    if (delta) md5 = new Promise((resolve) => setImmediate(() => resolve(createHash('md5').update(after).digest('hex'))));
  };
  const end = async (verdict: 'commit' | 'abort') => {
    const sum = verdict === 'commit' && md5 ? await md5 : undefined;
    sessions.forEach((session) => session.input.end(verdict === 'abort' ? lib.PUSH_ABORT : lib.pushCommit(session.delta ? sum : undefined)));
  };
  /** A secondary whose data was not the primary's before the change gets the whole data, in one more session. */
  const wholePush = (session: (typeof sessions)[number]) =>
    op.run('ssh', session.args, { input: lib.pushHeader(stagedSerial, stagedText) + stagedText + lib.pushCommit() })
      .then((result) => ({ result }), (error: unknown) => ({ failed: sshFailure(error), stale: false }));

  const finish = async ({ compiled, serial: compiledAs }: { compiled: boolean; serial?: number }) => {
    if (state === 'waiting') stage(readDataText(root), compiledAs ?? compiledSerial(root) ?? Math.floor(Date.now() / 1000));
    state = 'done';
    void import('dns-packet'); // for askSerial, loaded while the secondaries finish
    await end('commit');
    const { soaSerial } = await import('../../lib/tinydns/serial.js');
    const { listZones } = await import('../../lib/tinydns/records.js');
    const zones = listZones(lib.zoneLines(stagedText));
    const zone = zones.length ? zones[0] || '.' : undefined;
    // asked while the secondaries finish
    const primarySerialAsked = zone === undefined ? Promise.resolve(undefined) : primaryAnswer(op, root, 'soa', zone).then(soaSerial);

    const pushOne = async (session: (typeof sessions)[number]): Promise<string | { failed: string }> => {
      const { host, ip: stored } = session;
      let pushed: Awaited<typeof session.ran> = await session.ran;
      if ('failed' in pushed && pushed.stale && session.delta) pushed = await wholePush(session);
      if ('failed' in pushed) return pushed;
      if (!pushed.result.ran) return '';
      const ip = stored ?? pushed.result.stdout.trim().split('\n').pop();
      if (!ip) return { failed: `pushed, but there is no IP to ask (its env/IP is empty): -i secondaryAdd ${host} IP` };
      if (zone === undefined) return `${host}: pushed (no zone to ask)`;
      const primarySerial = await primarySerialAsked;
      const asked = await askSerial(ip, zone, primarySerial);
      if ('error' in asked) return { failed: `pushed, but its tinydns does not answer at ${ip} (${asked.error})` };
      const got = asked.serial;
      if (got !== primarySerial) return { failed: `pushed, but ${ip} answers serial ${got ?? 'none'}, not ${primarySerial}` };
      return `${host}: serial ${got}, answering`;
    };

    const { sendNotify } = await import('./notify.js');
    const { readEnvVariable } = await import('../../lib/daemontools/envdir.js');
    const source = readEnvVariable(join(dir, 'env'), 'IP');
    const [results, notified] = await Promise.all([
      Promise.all(sessions.map(pushOne)),
      Promise.all(notifies.map(({ ip, zone: notified }) => sendNotify(op, notified, ip, source))),
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
      const { ip, zone: notifiedZone } = notifies[i];
      if (said === undefined) return;
      out.result(`${ip}: NOTIFY ${notifiedZone} ${said === 'acknowledged' ? said : `not acknowledged (${said})`}`);
      if (said !== 'acknowledged') unnotified.push(`${ip} ${notifiedZone}`);
    });
    const stands = compiled ? 'the change is compiled here; ' : '';
    if (behindHosts.length) {
      problem('%s of %s secondaries behind (%s): %s-i secondaryPush catches them up', behindHosts.length, secondaries.length,
        behindHosts.join(', '), stands);
    }
    if (unnotified.length) {
      problem('NOTIFY not acknowledged by %s: %sthey see the change at their next SOA refresh', unnotified.join(', '), stands);
    }
  };

  return {
    stage,
    finish: (serial) => finish({ compiled: true, serial }),
    push: () => finish({ compiled: false }),
    cancel: async () => {
      if (state === 'done') return;
      state = 'done';
      await end('abort');
      await Promise.all(sessions.map((session) => session.ran));
    },
  };
}
