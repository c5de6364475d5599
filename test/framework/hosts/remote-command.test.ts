import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { posixQuote, remoteCommand } from '../../../framework/hosts/remote-command.js';

describe('remoteCommand', () => {
  it('leaves plain words plain and single-quotes the rest', () => {
    expect(remoteCommand(['iim-daemontools', '-p', 'restart=yes', '-i', 'envSet', 'hello', 'GREETING', 'two words'])).toBe(
      "iim-daemontools -p restart=yes -i envSet hello GREETING 'two words'");
    expect(posixQuote("it's")).toBe(`'it'\\''s'`);
    expect(posixQuote('')).toBe("''");
    expect(posixQuote('=x')).toBe("'=x'");
    expect(posixQuote('~')).toBe("'~'");
  });

  it('makes sh and bash see exactly the words', () => {
    const words = ['$HOME', '$(id)', '`id`', 'a;b', 'a\nb', '*', "'", '"', '\\', '!x', '{a,b}', '', ' '];
    for (const shell of ['sh', 'bash']) {
      const shown = spawnSync(shell, ['-c', `printf '%s\\0' ${remoteCommand(words)}`], { encoding: 'utf8' });
      expect(shown.stdout.split('\0').slice(0, -1)).toEqual(words);
    }
  });
});
