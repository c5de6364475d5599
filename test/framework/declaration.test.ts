import { describe, expect, it } from 'vitest';
import { arityOf, defineScript } from '../../framework/declaration.js';

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
