// seeRun's pause: the answers, the prompt reading a line at a time, and what Operations does
// with each answer (the same at a real terminal: test/framework/see-run-tmux.test.ts).
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Operations, type OperationsObserver } from '../../framework/operations.js';
import { Problem } from '../../framework/problems.js';
import { stepAnswerOf, terminalStepPrompt, type StepAnswer } from '../../framework/step-prompt.js';

const dir = mkdtempSync(join(tmpdir(), 'iim-step-prompt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stepAnswerOf', () => {
  it.each([
    ['', 'run'], ['y', 'run'], [' YES ', 'run'],
    ['s', 'skip'], ['n', 'skip'], ['skip', 'skip'],
    ['q', 'stop'], ['quit', 'stop'],
    ['maybe', undefined], ['rm -rf /', undefined],
  ] as const)('%j → %s', (typed, answer) => {
    expect(stepAnswerOf(typed)).toBe(answer);
  });
});

describe('terminalStepPrompt', () => {
  it('is not there unless both ends are a terminal', () => {
    expect(terminalStepPrompt(0, false)).toBeUndefined();
  });

  it('reads one line per question, asks again after a word it does not know, stops at the end of input', () => {
    const input = join(dir, 'typed');
    writeFileSync(input, 'what\ns\n\nq\n');
    const fd = openSync(input, 'r');
    const written: string[] = [];
    try {
      const ask = terminalStepPrompt(fd, true, (text) => void written.push(text))!;
      expect(ask('svc -u x')).toBe('skip');
      expect(written).toHaveLength(2); // asked twice: "what" means nothing
      expect(written[0]).toContain('Enter runs it, s skips it, q stops here');
      expect(ask('svc -u x')).toBe('run');
      expect(ask('svc -u x')).toBe('stop');
      expect(ask('svc -u x')).toBe('stop'); // nothing more to read
    } finally {
      closeSync(fd);
    }
  });
});

describe('Operations under seeRun with a pause', () => {
  const quiet: OperationsObserver = { before() {}, after() {} };
  const withAnswers = (...answers: StepAnswer[]) => {
    const asked: string[] = [];
    const op = new Operations('seeRun', quiet, false, (line) => {
      asked.push(line);
      return answers.shift() ?? 'stop';
    });
    return { op, asked };
  };

  it('skips an action answered s, runs one answered with Enter', async () => {
    const { op, asked } = withAnswers('skip', 'run');
    await op.writeFile(join(dir, 'skipped'), 'no\n');
    await op.writeFile(join(dir, 'written'), 'yes\n');
    expect(existsSync(join(dir, 'skipped'))).toBe(false);
    expect(existsSync(join(dir, 'written'))).toBe(true);
    expect(asked[0]).toContain(join(dir, 'skipped'));
    const ran = await withAnswers('skip').op.run('echo', ['hi']);
    expect(ran.ran).toBe(false);
  });

  it('stops the command at q, naming the action, before it is done', async () => {
    const { op } = withAnswers('stop');
    const stopped = op.mkdir(join(dir, 'never'));
    await expect(stopped).rejects.toBeInstanceOf(Problem);
    await expect(stopped).rejects.toThrow(`stopped before: mkdir -p ${join(dir, 'never')}`);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('does not ask about what the mode only shows', async () => {
    const asked: string[] = [];
    const op = new Operations('showOnly', quiet, false, (line) => {
      asked.push(line);
      return 'run';
    });
    await op.mkdir(join(dir, 'shown'));
    expect(asked).toEqual([]);
    expect(existsSync(join(dir, 'shown'))).toBe(false);
  });
});
