import { describe, expect, it } from 'vitest';
import { optionWords, parseInvocation } from '../../framework/argv.js';

describe('the iim command-line grammar', () => {
  it('takes options before and after -i NAME, up to the first argument', () => {
    const parsed = parseInvocation(['-p', 'dir=/x', '-i', 'query', '-v', '-n', 'showRun', 'example.test', '-v']);
    expect(parsed.command).toBe('query');
    expect(parsed.verbose).toBe(true);
    expect(parsed.mode).toBe('showRun');
    expect(parsed.givenParams).toEqual([['dir', '/x']]);
    expect(parsed.args).toEqual(['example.test', '-v']);
  });

  it('passes option-looking words after the first argument to the command', () => {
    const parsed = parseInvocation(['-i', 'svcCreate', 'web', '/bin/sleep', '-x', '--long', '-p', 'a=b']);
    expect(parsed.args).toEqual(['web', '/bin/sleep', '-x', '--long', '-p', 'a=b']);
    expect(parsed.givenParams).toEqual([]);
  });

  it('lets the last -i win, accepts long forms, and keeps -p order', () => {
    const parsed = parseInvocation(['--invoke', 'a', '--param', 'x=1', '-p', 'y=2=3', '-i', 'b']);
    expect(parsed.command).toBe('b');
    expect(parsed.givenParams).toEqual([['x', '1'], ['y', '2=3']]);
  });

  it('reads -f, -h, -T and -r', () => {
    const parsed = parseInvocation(['-f', '-h', '-T', '7', '-r', '/tmp/log', '-i', 'x']);
    expect(parsed).toMatchObject({ force: true, human: true, trace: 7, record: '/tmp/log', mode: 'runOnly' });
  });

  it('treats -- as the end of options', () => {
    expect(parseInvocation(['-i', 'x', '--', '-v']).args).toEqual(['-v']);
  });

  it.each([
    [['-n', 'fastOnly'], /bad run mode "fastOnly"/],
    [['-p', 'novalue'], /malformed parameter "novalue"/],
    [['-p', '=v'], /malformed parameter "=v"/],
    [['-T', 'x'], /bad trace level "x"/],
    [['-z'], /unknown option -z/],
    [['--bogus'], /unknown option --bogus/],
  ])('refuses %j as a usage error', (argv, message) => {
    expect(() => parseInvocation(argv)).toThrow(message);
    try {
      parseInvocation(argv);
    } catch (error) {
      expect((error as { exitCode: number }).exitCode).toBe(2);
    }
  });

  it('reproduces an invocation as option words', () => {
    const parsed = parseInvocation(['-v', '-n', 'showOnly', '-T', '3', '-r', 'basic', '-p', 'a=b c', '-i', 'x']);
    expect(optionWords(parsed)).toEqual(['-v', '-n', 'showOnly', '-T', '3', '-r', 'basic', '-p', 'a=b c']);
  });
});
