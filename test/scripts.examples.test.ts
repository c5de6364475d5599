// Every example line of every script is runnable as printed: it names a real command of
// that script (or another of our scripts) with an argument count the command accepts.
import { describe, expect, it } from 'vitest';
import { parseInvocation } from '../framework/argv.js';
import { arityOf, type ScriptDeclaration } from '../framework/declaration.js';
import { resolveParams } from '../framework/params.js';
import { examplesOf, SEEDED_COMMANDS } from '../framework/seeded-commands.js';
import iim from '../scripts/iim.js';
import daemontools from '../scripts/daemontools.js';
import tinydns from '../scripts/tinydns.js';
import dnscache from '../scripts/dnscache.js';

const SCRIPTS: Record<string, ScriptDeclaration> = {
  [iim.name]: iim,
  [daemontools.name]: daemontools,
  [tinydns.name]: tinydns,
  [dnscache.name]: dnscache,
};

describe.each(Object.values(SCRIPTS))('$name examples', (script) => {
  const { values } = resolveParams(script.params ?? {}, []);
  const items = examplesOf(script, values, []);
  const commandLines = items.filter((item) => item.kind === 'command');

  it('start with a chapter and show every command of the script at least once', () => {
    expect(items[0].kind).toBe('chapter');
    const ownLines = commandLines.filter((item) => item.line.startsWith(`${script.name} `));
    const used = new Set(ownLines.map((item) => parseInvocation(item.words).command));
    const unused = Object.keys(script.commands).filter((name) => !used.has(name));
    expect(unused, `commands without an example line`).toEqual([]);
  });

  it.each(commandLines.map((item) => [item.line, item]))('%s', (_line, item) => {
    const [program] = item.line.split(' ');
    const target = SCRIPTS[program];
    if (!target) return expect(['dnsip', 'dnsq', 'dnsqr', 'svstat', 'tinydns-get', 'env', 'tail', 'tai64nlocal', 'curl', 'ddclient']).toContain(program);
    const invocation = parseInvocation(item.words);
    expect(invocation.command, 'an example line names a command with -i').toBeDefined();
    const command = target.commands[invocation.command!] ?? SEEDED_COMMANDS[invocation.command!];
    expect(command, `${invocation.command} is a command of ${program}`).toBeDefined();
    const { min, max } = arityOf(command.args);
    expect(invocation.args.length).toBeGreaterThanOrEqual(min);
    expect(invocation.args.length).toBeLessThanOrEqual(max);
    expect(() => resolveParams(target.params ?? {}, invocation.givenParams)).not.toThrow();
  });
});
