// A tinydns world with the dyndns2 service beside it under real svscan/supervise: its own
// loopback address, a zone dyn.test, accounts, an HTTP client, and the service's log.
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { expect } from 'vitest';
import { formatIPv6 } from '../../lib/names.js';
import { runBin } from './run-bin.js';
import { answers, dnsq, makeWorld, serve, tearDown, type TinydnsWorld } from './tinydns-world.js';

export const PORT = 8245;

export interface DyndnsWorld extends TinydnsWorld {
  dyndnsDir: string;
  /** GET PATH from the service with Basic auth USER:PASSWORD (none when user is undefined). */
  get: (path: string, user?: string, password?: string) => Promise<{ status: number; body: string }>;
  /** The service's log lines so far (multilog's current). */
  log: () => string[];
  /** Wait until a log line includes TEXT (multilog writes what the service said a moment later). */
  logged: (text: string) => Promise<void>;
  /** How many batches compiled, from the service's log. */
  compiles: () => number;
  /** Wait until tinydns answers NAME's A (or AAAA) with exactly WANTED. */
  answersWith: (type: 'a' | 'aaaa', name: string, wanted: string) => Promise<void>;
  account: (name: string, password: string, ...hostnames: string[]) => Promise<void>;
  /** Set env/ variables (iim-daemontools envSet, restarting the service) and wait until it serves again. */
  settings: (env: Record<string, string>) => Promise<void>;
}

export async function makeDyndnsWorld(label: string, env: Record<string, string> = {}): Promise<DyndnsWorld> {
  const world = await makeWorld(label);
  // The service runs as its own account: it must reach the service directories.
  chmodSync(world.top, 0o755);
  const dyndnsDir = join(world.top, 'dyndns');
  const bin = (...args: string[]) => world.bin('-p', `dyndnsDir=${dyndnsDir}`, ...args);
  const ok = async (...args: string[]) => {
    const result = await bin(...args);
    expect(result.status, result.stderr).toBe(0);
    return result;
  };
  const made: DyndnsWorld = {
    ...world,
    dyndnsDir,
    bin,
    get: (path, user, password) =>
      new Promise((resolve, reject) => {
        const headers: Record<string, string> = user === undefined ? {} : { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
        const req = request({ host: world.ip, port: PORT, path, headers, agent: false }, (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.setTimeout(20_000, () => req.destroy(new Error(`no answer to ${path} within 20 s`)));
        req.end();
      }),
    log: () => {
      const current = join(dyndnsDir, 'log', 'main', 'current');
      return existsSync(current) ? readFileSync(current, 'utf8').split('\n').filter(Boolean) : [];
    },
    logged: async (text) => {
      const deadline = Date.now() + 15_000;
      while (!made.log().some((line) => line.includes(text))) {
        if (Date.now() > deadline) throw new Error(`the dyndns log never said ${JSON.stringify(text)}: ${made.log().slice(-5).join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    compiles: () => made.log().filter((line) => / changed, compiled in /.test(line)).length,
    answersWith: async (type, name, wanted) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const got = answers(dnsq(type, name, world.ip)).map((line) => line.split(' ').slice(3).join(' ')).map(type === 'aaaa' ? aaaaText : (text) => text);
        if (got.length === 1 && got[0] === wanted) return;
        if (Date.now() > deadline) throw new Error(`tinydns answers ${type} ${name} with ${JSON.stringify(got)}, not ${wanted}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    settings: async (env) => {
      // At least the first start, and one restart per variable.
      const starts = Math.max(1, made.log().filter((line) => line.includes('serving dyndns2 on')).length) + Object.keys(env).length;
      for (const [variable, value] of Object.entries(env)) {
        const set = await runBin('iim-daemontools', ['-p', `svcBase=${world.top}`, '-p', `serviceDir=${world.serviceDir}`, '-p', 'restart=yes', '-i', 'envSet', 'dyndns', variable, value]);
        expect(set.status, set.stderr).toBe(0);
      }
      const deadline = Date.now() + 15_000;
      while (made.log().filter((line) => line.includes('serving dyndns2 on')).length < starts) {
        if (Date.now() > deadline) throw new Error(`the dyndns service did not start: ${made.log().slice(-5).join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    account: async (name, password, ...hostnames) => {
      const result = await runBin('iim-tinydns', ['-p', `dir=${world.dir}`, '-p', `dyndnsDir=${dyndnsDir}`, '-p', 'password=stdin', '-i', 'dyndnsAccountAdd', name, ...hostnames], { input: `${password}\n` });
      expect(result.status, result.stderr).toBe(0);
    },
  };
  try {
    await ok('-i', 'recordAdd', 'ns', 'dyn.test', world.ip);
    await ok('-i', 'recordAdd', 'alias', 'fixed.dyn.test', '10.9.9.9');
    serve(made);
    const setup = ['-i', 'dyndnsSetup', world.ip, String(PORT)];
    await ok(...setup);
    await made.settings(env);
    await waitListening(made);
  } catch (error) {
    tearDown(made);
    throw error;
  }
  return made;
}

/** Until the restarted service accepts connections. */
async function waitListening(world: DyndnsWorld): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await world.get('/nic/update');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** dnsq prints an AAAA's 16 bytes escaped (\\040\\001…): as RFC 5952 text. */
function aaaaText(escaped: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < escaped.length; ) {
    if (escaped[i] === '\\') {
      bytes.push(parseInt(escaped.slice(i + 1, i + 4), 8));
      i += 4;
    } else bytes.push(escaped.charCodeAt(i++));
  }
  return bytes.length === 16 ? formatIPv6(Uint8Array.from(bytes)) : escaped;
}

export { tearDown };
