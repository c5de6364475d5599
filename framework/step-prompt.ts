// seeRun's pause (iim: "showRun, with pause"): at a terminal, each action is shown and then
// waits for the person watching: Enter runs it, s skips it, q stops the command there.
// Read synchronously from the terminal, so an action never starts before the answer.
import { readSync } from 'node:fs';

export type StepAnswer = 'run' | 'skip' | 'stop';
export type StepPrompt = (line: string) => StepAnswer;

/** What a typed answer means; anything unknown asks again (undefined). */
export function stepAnswerOf(text: string): StepAnswer | undefined {
  const word = text.trim().toLowerCase();
  if (word === '' || word === 'y' || word === 'yes') return 'run';
  if (word === 's' || word === 'skip' || word === 'n' || word === 'no') return 'skip';
  if (word === 'q' || word === 'quit') return 'stop';
  return undefined;
}

/** One line from fd, blocking (a terminal in line mode hands it over on Enter); undefined at end of input. */
function readLineFrom(fd: number): string | undefined {
  const byte = Buffer.alloc(1);
  let line = '';
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, byte, 0, 1, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        continue;
      }
      throw error;
    }
    if (n === 0) return line === '' ? undefined : line;
    if (byte[0] === 10) return line;
    line += String.fromCharCode(byte[0]);
  }
}

/** The pause for seeRun when both ends are a terminal; none otherwise (scripts, pipes, tests). */
export function terminalStepPrompt(
  input = 0,
  isTerminal = Boolean(process.stdin.isTTY && process.stderr.isTTY),
  write = (text: string) => void process.stderr.write(text),
): StepPrompt | undefined {
  if (!isTerminal) return undefined;
  return () => {
    for (;;) {
      write('seeRun: Enter runs it, s skips it, q stops here: ');
      const text = readLineFrom(input);
      if (text === undefined) return 'stop';
      const answer = stepAnswerOf(text);
      if (answer) return answer;
    }
  };
}
