import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../../../lib/invalid-input.js';
import { isValidServiceName, validateServiceName } from '../../../lib/daemontools/service-name.js';

describe('validateServiceName', () => {
  it('accepts ordinary service names', () => {
    for (const name of ['dnscache', 'tinydns-1', 'web.example.test', 'getty@tty1', 'a+b_c', 'x'.repeat(64)]) {
      expect(validateServiceName(name)).toBe(name);
    }
  });

  it.each([
    ['', 'empty'],
    ['a/b', 'contains "/"'],
    ['../etc', 'contains "/"'],
    ['.', 'is a directory reference'],
    ['..', 'is a directory reference'],
    ['.hidden', 'starts with "."'],
    ['a\nb', 'control character'],
    ['a\0b', 'control character'],
    ['tab\there', 'control character'],
    ['with space', 'outside [A-Za-z0-9._@+-]'],
    ['dollar$', 'outside'],
    ['é', 'outside'],
    ['x'.repeat(65), '65 characters is too long'],
  ])('refuses %j (%s)', (name, why) => {
    expect(() => validateServiceName(name)).toThrow(InvalidInput);
    expect(() => validateServiceName(name)).toThrow(why);
    expect(isValidServiceName(name)).toBe(false);
  });

  it('quotes the bad value and says what is expected', () => {
    expect(() => validateServiceName('a b')).toThrow(
      'bad service name "a b": contains a character outside [A-Za-z0-9._@+-]; expected one file name of 1-64 characters from [A-Za-z0-9._@+-], not starting with "."',
    );
    expect(() => validateServiceName('a\nb')).toThrow('"a\\nb"');
  });
});
