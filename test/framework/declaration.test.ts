import { describe, expect, it } from 'vitest';
import { arityOf, briefProblem, defineScript, firstSentence } from '../../framework/declaration.js';

describe('declarations', () => {
  it.each([
    [[], 0, 0],
    [['NAME'], 1, 1],
    [['NAME', '[LINES]'], 1, 2],
    [['DOMAIN', 'IP...'], 2, Infinity],
    [['[WORDS...]'], 0, Infinity],
  ])('arity of %j is %i..%s', (args, min, max) => {
    expect(arityOf(args)).toEqual({ min, max });
  });

  it('refuses a required argument after an optional one, at load time', () => {
    expect(() =>
      defineScript({ name: 'x', brief: '', describe: '', examples: () => [], commands: { a: { describe: 'a', args: ['[A]', 'B'], run: () => {} } } }),
    ).toThrow(/required argument B after an optional one/);
  });

  it('refuses badly named commands and commands without a description', () => {
    const base = { name: 'x', brief: '', describe: '', examples: () => [] };
    expect(() => defineScript({ ...base, commands: { 'bad-name': { describe: 'a', run: () => {} } } })).toThrow(/camelCase/);
    expect(() => defineScript({ ...base, commands: { good: { describe: '', run: () => {} } } })).toThrow(/no describe text/);
  });
});

describe('briefs', () => {
  const script = (describe: string, brief?: string) => () =>
    defineScript({ name: 'x', brief: 'x', describe: 'x', examples: () => [], commands: { go: { describe, brief, run: () => {} } } });

  it('is the first whole sentence of describe, over its lines', () => {
    expect(firstSentence('Write FILE from the template: description, a parameter,\nexamples. It runs as it is.')).toBe(
      'Write FILE from the template: description, a parameter, examples',
    );
  });

  it('refuses at load time a brief that ends in a comma or leaves a parenthesis open', () => {
    expect(script('Make it (run: a, b,\nc), then go.', 'Make it (run: a, b,')).toThrow(/go": its brief .* ends in ","/);
    expect(script('Go (far')).toThrow(/leaves a parenthesis open/);
    expect(script('Go far.', 'Go far')).not.toThrow();
  });

  it.each(['iim', 'iim-tinydns', 'iim-dnscache', 'iim-daemontools'])('%s: every brief in list is a whole sentence', async (bin) => {
    const { runBin } = await import('../support/run-bin.js');
    const listed = JSON.parse((await runBin(bin, ['-i', 'list', '-p', 'format=json'])).stdout) as Array<{ name: string; brief: string }>;
    for (const { name, brief } of listed) {
      expect(briefProblem(brief), `${bin} ${name}: ${brief}`).toBeUndefined();
      expect(brief.length, `${bin} ${name}: ${brief}`).toBeLessThanOrEqual(130);
    }
  });
});
