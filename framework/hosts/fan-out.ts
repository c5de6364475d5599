// One invocation on many hosts: the same options and parameters (less the host ones) and the
// same command, over ssh to each host, at most `forks` at once; each output line prefixed with
// its host, or a block per host for a report (-p output=), or one JSON object per host; a
// failure on any host fails the whole run, named.
import { existsSync, readFileSync } from 'node:fs';
import { optionWords, type Invocation } from '../argv.js';
import type { CommandDeclaration, ScriptDeclaration } from '../declaration.js';
import { decide } from '../operations.js';
import type { Output } from '../output.js';
import { Problem } from '../problems.js';
import { parseInventory, resolveHosts, type FleetHost } from './inventory.js';
import { HOST_PARAM_NAMES } from './params.js';
import { remoteCommand } from './remote-command.js';
import { fleetSshArguments } from './control-master.js';
import { runSsh, type HostResult } from './ssh.js';

export interface FanOut {
  script: ScriptDeclaration;
  commandName: string;
  command: CommandDeclaration;
  invocation: Invocation;
  params: Record<string, string>;
  out: Output;
}

/** The hosts -p hosts names, resolved through the inventory when there is one. */
export function hostsOf(list: string, inventoryFile: string): FleetHost[] {
  const inventory = existsSync(inventoryFile) ? parseInventory(readFileSync(inventoryFile, 'utf8'), inventoryFile) : undefined;
  return resolveHosts(list, inventory, inventoryFile);
}

/** The words each host runs: the script, this invocation's options less the host ones, -i COMMAND -- ARGS. */
export function remoteWords(script: ScriptDeclaration, commandName: string, invocation: Invocation, force: boolean): string[] {
  const givenParams = invocation.givenParams.filter(([name]) => !HOST_PARAM_NAMES.has(name));
  return [
    script.name,
    ...optionWords({ ...invocation, force, givenParams }),
    '-i', commandName,
    ...(invocation.args.length ? ['--', ...invocation.args] : []),
  ];
}

/** How a host failed, in a few words; undefined when it did not. */
export function failureOf(result: HostResult): string | undefined {
  if (result.status === 0) return undefined;
  const said = result.stderr.trim().split('\n').pop() ?? '';
  if (result.signal) return `ssh killed by ${result.signal}`;
  if (result.status === 255) return `unreachable${said ? ` (${said})` : ''}`;
  if (result.status === 127) return `iim missing (exit 127${said ? `: ${said}` : ''})`;
  return `command failed with status ${result.status}`;
}

/** Run `work` on each item, at most `limit` at once; results in the items' order. */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * A report per host: each host's output as one block under `== HOST ==`, the blocks in the hosts'
 * order, each printed as soon as its host and those before it have finished.
 */
export function groupedBlocks(names: readonly string[], out: Pick<Output, 'write' | 'colors'>) {
  const lines: string[][] = names.map(() => []);
  const done: boolean[] = names.map(() => false);
  let printed = 0;
  return {
    line: (index: number, line: string) => void lines[index].push(line),
    finished(index: number) {
      done[index] = true;
      while (printed < names.length && done[printed]) {
        const body = lines[printed].map((line) => `${line}\n`).join('');
        out.write(`${printed ? '\n' : ''}${out.colors.heading(`== ${names[printed]} ==`)}\n${body}`);
        printed++;
      }
    },
  };
}

async function confirmOnTerminal(question: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return false;
  const { createInterface } = await import('node:readline/promises');
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

function planOf(stdout: string): unknown[] | undefined {
  try {
    return stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  } catch {
    return undefined;
  }
}

export async function runOnHosts({ script, commandName, command, invocation, params, out }: FanOut): Promise<void> {
  const hosts = hostsOf(params.hosts, params.inventory);
  let force = invocation.force;
  const performs = decide(invocation.mode, false).run;
  if (command.destructive && performs && !force && hosts.length > 1) {
    const names = hosts.map((h) => h.name).join(', ');
    if (!(await confirmOnTerminal(`${commandName} is destructive: run it on ${hosts.length} hosts (${names})?`))) {
      throw new Problem(`destructive on ${hosts.length} hosts (${names}): if you really want to do it, specify -f`);
    }
    force = true;
  }
  const command_ = remoteCommand(remoteWords(script, commandName, { ...invocation }, force));
  const json = params.format === 'json';
  const width = Math.max(...hosts.map((h) => h.name.length));
  const prefix = (name: string) => out.colors.heading(`${name}:`) + ' '.repeat(width - name.length + 1);
  const grouped = !json && (params.output === 'grouped' || (params.output !== 'lines' && command.report === true));
  const blocks = grouped ? groupedBlocks(hosts.map((h) => h.name), out) : undefined;
  const results = await inParallel(hosts, Number(params.forks), async (host, index) => {
    const result = await runSsh(host.name, await fleetSshArguments(host, command_, params.sshConfig || undefined), json ? undefined : {
      stdout: (line) => (blocks ? blocks.line(index, line) : out.write(`${prefix(host.name)}${line}\n`)),
      stderr: (line) => out.diagnostic(`${prefix(host.name)}${line}\n`),
    });
    blocks?.finished(index);
    return result;
  });
  if (json) {
    for (const r of results) {
      const failure = failureOf(r);
      const plan = invocation.mode === 'showOnly' ? planOf(r.stdout) : undefined;
      out.write(JSON.stringify({ host: r.host, status: r.status, stdout: r.stdout, stderr: r.stderr, ...(plan ? { plan } : {}), ...(failure ? { failure } : {}) }) + '\n');
    }
  }
  const failed = results.filter((r) => failureOf(r) !== undefined);
  if (failed.length) {
    throw new Problem(`failed on ${failed.length} of ${hosts.length} hosts: ${failed.map((r) => `${r.host} ${failureOf(r)}`).join('; ')}`);
  }
}
