// Wait until every authoritative server of a challenge's zone answers it as wanted: the zone's
// NS servers at the addresses the compiled data gives them, and the secondaries, asked over UDP.
import { resolve } from 'node:path';
import { commandLineFor, problem, type CommandContext } from '../../framework/index.js';
import { rootOf } from './data-file.js';

/** How long one UDP question waits for its answer before it is asked again. */
const ASK_MS = 1000;
const POLL_MS = 250;

interface Server {
  ip: string;
  /** Who it is: the NS names of the zone at this IP, and/or the secondary's host. */
  names: string[];
}

/** The PART ("answer", "additional") records of TYPE in a packet printed by tinydns-get: owner and value, lowercased. */
function printedRecords(printed: string, part: string, type: string): { owner: string; value: string }[] {
  return [...printed.matchAll(new RegExp(`^${part}: (\\S+) \\d+ ${type} (\\S+)$`, 'gm'))].map((m) => ({ owner: m[1].toLowerCase(), value: m[2].toLowerCase() }));
}

/** The servers to ask for ZONE: the NS of its zone (tinydns-get on data.cdb) and the secondaries. */
async function authoritativeServers(context: CommandContext, zone: string): Promise<{ servers: Server[]; unaddressed: string[] }> {
  const { params, op } = context;
  const root = rootOf(params);
  const { primaryAnswer, remoteIp } = await import('./secondary-push.js');
  const answer = await primaryAnswer(op, root, 'ns', zone || '.');
  const byIp = new Map<string, string[]>();
  const add = (ip: string, who: string) => byIp.set(ip, [...(byIp.get(ip) ?? []), who]);
  const unaddressed: string[] = [];
  const glue = printedRecords(answer, 'additional', 'A');
  for (const { value: ns } of printedRecords(answer, 'answer', 'NS')) {
    let ips = glue.filter((record) => record.owner === ns).map((record) => record.value);
    if (ips.length === 0) ips = printedRecords(await primaryAnswer(op, root, 'a', ns), 'answer', 'A').map((record) => record.value);
    if (ips.length === 0) unaddressed.push(ns);
    ips.forEach((ip) => add(ip, ns));
  }
  const { readSecondaries } = await import('../../lib/tinydns/secondaries.js');
  for (const secondary of readSecondaries(resolve(params.dir))) {
    const ip = secondary.ip ?? (await remoteIp(op, params, secondary));
    if (typeof ip === 'string') add(ip, secondary.host);
    else if ('ip' in ip) add(ip.ip, secondary.host);
    else unaddressed.push(`${secondary.host} (${ip.error})`);
  }
  return { servers: [...byIp].map(([ip, names]) => ({ ip, names })), unaddressed };
}

/** Ask IP once for the TXT of NAME: the texts, or why there are none. */
async function askTxt(ip: string, name: string): Promise<{ texts: string[] } | { error: string }> {
  const { txtQuery, txtAnswer } = await import('../../lib/tinydns/acme-challenge.js');
  const { createSocket } = await import('node:dgram');
  const { randomInt } = await import('node:crypto');
  const id = randomInt(0, 65536);
  return new Promise((done) => {
    const socket = createSocket('udp4');
    const finish = (result: { texts: string[] } | { error: string }) => {
      clearTimeout(timer);
      socket.close();
      done(result);
    };
    const timer = setTimeout(() => finish({ error: `no answer within ${ASK_MS / 1000} s` }), ASK_MS);
    socket.on('error', (error) => finish({ error: error.message }));
    socket.on('message', (answer, from) => {
      if (from.address !== ip) return;
      const said = txtAnswer(answer, name, id);
      if ('error' in said && said.error.startsWith('answer id')) return;
      finish(said);
    });
    socket.send(txtQuery(name, id), 53, ip);
  });
}

/**
 * Poll every authoritative server of ZONE (NAME's, as the edit found it) until each one's TXT texts satisfy `wanted`,
 * for up to DEADLINE seconds; then one result line, or a problem naming each server that does not.
 */
export async function waitForServers(context: CommandContext, name: string, zoneOfName: string | undefined, wanted: (texts: string[]) => boolean, what: string, deadline: number): Promise<void> {
  const { op, out } = context;
  if (!op.performs) {
    await op.waitFor(`every authoritative server of ${name}'s zone answers TXT ${name}: ${what}`, () => true, deadline * 1000);
    return;
  }
  if (zoneOfName === undefined) return out.note(`no ns record here covers ${name}: no server to ask`);
  const zone = zoneOfName || '.';
  const { servers, unaddressed } = await authoritativeServers(context, zoneOfName);
  unaddressed.forEach((who) => out.warn(`${who}: a server of ${zone} with no address here: not asked`));
  if (servers.length === 0) {
    problem('no server of %s to ask for %s: none of its ns records has an address here (%s); the data is compiled here', zone, name, commandLineFor(context)('recordAdd', 'ns', zone, 'IP'));
  }
  const last = new Map<string, string>();
  const pending = new Set(servers.map((server) => server.ip));
  const started = Date.now();
  await op.waitFor(`${servers.map((server) => server.ip).join(', ')} answer TXT ${name}: ${what}`, async () => {
    await Promise.all([...pending].map(async (ip) => {
      const said = await askTxt(ip, name);
      if ('texts' in said && wanted(said.texts)) pending.delete(ip);
      else last.set(ip, 'error' in said ? said.error : said.texts.length ? `answers ${said.texts.join(', ')}` : 'answers no TXT');
    }));
    return pending.size === 0;
  }, deadline * 1000, POLL_MS);
  const who = (server: Server) => `${server.ip} (${server.names.join(', ')})`;
  if (pending.size) {
    const late = servers.filter((server) => pending.has(server.ip));
    problem('%s of %s servers of %s not answering %s after %s s: %s; the data is compiled here', late.length, servers.length, zone,
      what, deadline, late.map((server) => `${who(server)}: ${last.get(server.ip)}`).join('; '));
  }
  out.result(`${name}: ${what}, answered by ${servers.map(who).join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
