// iim-tinydns ACME DNS-01: the _acme-challenge TXT records a client asks for, set and cleared
// through recordAdd's locked edit and compile (and push to the secondaries), then waited for
// on every authoritative server of the zone.
import { commandLineFor, problem, usage, type CommandContext } from '../../framework/index.js';
import { parseNumber } from '../../lib/names.js';
import { rootOf } from './data-file.js';

const publish = (context: CommandContext) => async () => (await import('./publish.js')).startPublication(context);

const seconds = (params: Record<string, string>, name: string, max: number) => {
  if (!/^[0-9]+$/.test(params[name])) usage('-p %s=%s: expected a whole number of seconds', name, params[name]);
  return parseNumber(params[name], name, max);
};

/**
 * One locked edit of root/data (compiled and published after, as recordAdd), EDIT given the text
 * and the zone that serves NAME there; gives that zone back, for the wait on its servers.
 */
async function changeChallenges(context: CommandContext, name: string, edit: (text: string, zone: string | undefined) => string | undefined): Promise<string | undefined> {
  const { changeData } = await import('./data-file.js');
  const { listZones, zoneOf } = await import('../../lib/tinydns/records.js');
  let zone: string | undefined;
  await changeData(
    context.op,
    rootOf(context.params),
    (text) => {
      zone = zoneOf(name, listZones(text));
      return edit(text, zone);
    },
    context.out.note,
    commandLineFor(context),
    publish(context),
  );
  return zone;
}

export async function acmeChallengeSet(context: CommandContext): Promise<void> {
  const { args: [domain, ...values], params, out } = context;
  const { challengeName, parseChallengeValue } = await import('../../lib/tinydns/acme-challenge.js');
  const name = challengeName(domain);
  const wanted = [...new Set(values.map(parseChallengeValue))];
  const ttl = seconds(params, 'acmeTtl', 86400);
  const deadline = seconds(params, 'acmeWait', 3600);
  const { addRecord } = await import('../../lib/tinydns/record-edit.js');
  let added: string[] = [];
  const zone = await changeChallenges(context, name, (text, serving) => {
    if (serving === undefined) {
      problem('no ns record here covers %s: tinydns would not answer it (%s); nothing changed', name, commandLineFor(context)('recordAdd', 'ns', 'ZONE', 'IP'));
    }
    // One record at a time, as recordAdd: addRecords' index of every name costs ~1 s on 100,000 lines.
    added = [];
    let after = text;
    for (const value of wanted) {
      const outcome = addRecord(after, { kind: 'txt', name, text: value, ttl }, commandLineFor(context));
      if (outcome.text === undefined) continue;
      outcome.warnings.forEach((warning) => out.warn(warning));
      added.push(outcome.line);
      after = outcome.text;
    }
    return added.length ? after : undefined;
  });
  if (added.length < wanted.length) out.note(`${wanted.length - added.length} value(s) of ${name} there already`);
  added.forEach((line) => out.done(`added and compiled: ${line}`));
  const { waitForServers } = await import('./acme-wait.js');
  await waitForServers(context, name, zone, (texts) => wanted.every((value) => texts.includes(value)), wanted.join(', '), deadline);
}

export async function acmeChallengeClear(context: CommandContext): Promise<void> {
  const { args: [domain, value], params, out } = context;
  const { challengeName, parseChallengeValue } = await import('../../lib/tinydns/acme-challenge.js');
  const name = challengeName(domain);
  const only = value === undefined ? undefined : parseChallengeValue(value);
  const deadline = seconds(params, 'acmeWait', 3600);
  const { removeRecords } = await import('../../lib/tinydns/record-edit.js');
  const { decodeLine } = await import('../../lib/tinydns/records.js');
  let removed: string[] = [];
  const zone = await changeChallenges(context, name, (text) => {
    const outcome = removeRecords(text, 'txt', name, only);
    removed = outcome.removed;
    return removed.length ? outcome.text : undefined;
  });
  // Clients clean up after failures too: nothing to remove is not an error.
  if (removed.length === 0) return out.note(`no TXT ${name}${only === undefined ? '' : ` with ${only}`}: nothing to clear`);
  removed.forEach((line) => out.done(`removed and compiled: ${line}`));
  const gone = removed.map((line) => decodeLine(line)!.value);
  const { waitForServers } = await import('./acme-wait.js');
  await waitForServers(context, name, zone, (texts) => !gone.some((text) => texts.includes(text)), `no ${gone.join(', ')}`, deadline);
}
