// The editor client: open a file in a running Emacs (emacsclient -n), else in $VISUAL/$EDITOR.
import type { Operations } from './operations.js';
import { Problem } from './problems.js';
import { findProgram } from './requirements.js';
import { splitWords } from './shell-words.js';

/** Is an Emacs server answering? (A read-only probe: evaluates `t`.) */
export async function emacsServerRuns(op: Operations): Promise<boolean> {
  if (!findProgram('emacsclient')) return false;
  try {
    const answer = await op.run('emacsclient', ['--eval', 't'], { okStatuses: [1] });
    return answer.ran ? answer.status === 0 : true;
  } catch {
    return false;
  }
}

export async function visitFile(op: Operations, file: string, line?: number): Promise<string> {
  const position = line ? [`+${line}`] : [];
  if (await emacsServerRuns(op)) {
    await op.run('emacsclient', ['-n', ...position, file]);
    return 'emacsclient';
  }
  const editor = process.env.VISUAL || process.env.EDITOR;
  if (!editor) {
    throw new Problem(`no editor to open ${file}: start an Emacs server (M-x server-start) or set $VISUAL or $EDITOR`);
  }
  const [program, ...options] = splitWords(editor);
  await op.run(program, [...options, ...position, file], { stream: true });
  return program;
}
