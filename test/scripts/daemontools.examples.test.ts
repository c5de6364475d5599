// Every example line of iim-daemontools names a real command with an argument count it accepts.
import { describe, expect, it } from 'vitest';
import { arityOf } from '../../framework/declaration.js';
import { parseInvocation } from '../../framework/argv.js';
import { resolveParams } from '../../framework/params.js';
import { examplesOf, SEEDED_COMMANDS } from '../../framework/seeded-commands.js';
import script from '../../scripts/daemontools.js';

describe('iim-daemontools examples', () => {
  const given: Array<[string, string]> = [['serviceDir', '/tmp/x service'], ['svcBase', '/tmp/base']];
  const params = resolveParams(script.params ?? {}, given).values;
  const lines = examplesOf(script, params, given).flatMap((item) => (item.kind === 'command' && item.line.startsWith('iim-daemontools ') ? [item] : []));

  it('cover every command of the script', () => {
    const used = new Set(lines.map((item) => parseInvocation(item.words).command));
    expect(Object.keys(script.commands).filter((name) => !used.has(name))).toEqual([]);
  });

  for (const item of lines) {
    it(item.line, () => {
      const invocation = parseInvocation(item.words);
      const command = script.commands[invocation.command!] ?? SEEDED_COMMANDS[invocation.command!];
      expect(command, `unknown command ${invocation.command}`).toBeDefined();
      const { min, max } = arityOf(command.args);
      expect(invocation.args.length).toBeGreaterThanOrEqual(min);
      expect(invocation.args.length).toBeLessThanOrEqual(max);
      expect(() => resolveParams(script.params ?? {}, invocation.givenParams)).not.toThrow();
      expect(invocation.givenParams.slice(0, 2)).toEqual(given);
    });
  }

  it('every program a command needs names its Debian package', () => {
    const needed = Object.values(script.commands).flatMap((command) => command.needs ?? []);
    expect(needed.filter((program) => !script.packages?.[program])).toEqual([]);
  });
});
