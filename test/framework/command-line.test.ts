import { describe, expect, it } from 'vitest';
import { commandLineFor } from '../../framework/command-line.js';
import { parseInvocation } from '../../framework/argv.js';
import type { ScriptDeclaration } from '../../framework/declaration.js';

const script = { name: 'iim-tinydns' } as ScriptDeclaration;

describe('commandLineFor', () => {
  it("renders this script with the invocation's -p values, then -i COMMAND ARGS, quoted for a shell", () => {
    const invocation = parseInvocation(['-p', 'dir=/tmp/my lab/tinydns', '-p', 'format=json', '-n', 'showRun', '-i', 'dataEdit']);
    const line = commandLineFor({ script, invocation });
    expect(line('dataCheck')).toBe("iim-tinydns -p 'dir=/tmp/my lab/tinydns' -i dataCheck");
    expect(line('setup', 'IP')).toBe("iim-tinydns -p 'dir=/tmp/my lab/tinydns' -i setup IP");
  });
  it('is the bare command when no -p was given', () => {
    expect(commandLineFor({ script, invocation: parseInvocation(['-i', 'status']) })('dataCompile')).toBe('iim-tinydns -i dataCompile');
  });
});
