import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Operations, type Action } from '../../framework/operations.js';
import { Problem, ProgramFailed } from '../../framework/problems.js';
import { descendants, exitOf, isAlive, Processes, waitUntil } from '../support/processes.js';
import { projectRoot } from '../support/run-bin.js';
import { TmuxSession } from '../support/tmux.js';

const built = (name: string) => JSON.stringify(join(projectRoot, 'dist', 'framework', name));

/** A node program that runs one command whose body is BODY (with `op` in scope) through runScript. */
const commandWorker = (body: string, mode = 'runOnly') => `
  const { runScript } = await import(${built('run-script.js')});
  const script = { name: 'iim-test', brief: 'test', commands: { go: { describe: 'go', args: [], run: async ({ op }) => { ${body} } } } };
  process.exitCode = await runScript(script, ['-n', ${JSON.stringify(mode)}, '-i', 'go']);`;

let dir: string;
const processes = new Processes();
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iim-run-'));
});
afterEach(() => {
  processes.killAll();
  rmSync(dir, { recursive: true, force: true });
});

function startWorker(body: string, args: string[] = [], env: Record<string, string> = {}, mode?: string) {
  const child = processes.start(process.execPath, ['--input-type=module', '-e', commandWorker(body, mode), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  // 'close', not 'exit': on a loaded machine the last of its output can arrive after 'exit'.
  const closed = new Promise((resolve) => child.once('close', resolve));
  const ended = exitOf(child).then(async (exit) => {
    await closed;
    return { ...exit, stdout, stderr };
  });
  return { child, ended };
}

function recordingOperations() {
  const seen: Action[] = [];
  const op = new Operations('runOnly', { before: (action) => void seen.push(action), after() {} }, false);
  return { op, seen };
}

describe('op.run runs a program directly, with no shell', () => {
  it('executes nothing extra when BASH_ENV and ZX_PREFIX are set', async () => {
    const script = join(dir, 'bash-env.sh');
    writeFileSync(script, `touch ${join(dir, 'bash-env-ran')}\n`);
    const { ended } = startWorker("await op.run('true', []); const r = await op.run('echo', ['ok']); process.stdout.write(r.stdout);", [], {
      BASH_ENV: script,
      ENV: script,
      ZX_PREFIX: `touch ${join(dir, 'zx-prefix-ran')};`,
    });
    const result = await ended;
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ status: 0, stdout: 'ok\n' });
    expect(existsSync(join(dir, 'bash-env-ran'))).toBe(false);
    expect(existsSync(join(dir, 'zx-prefix-ran'))).toBe(false);
  });

  it.each([
    ['an argument', (op: Operations) => op.run('echo', ['ok', 'abc\0rm -rf /']), 'refusing argument 2 of echo with a NUL byte: "abc\\u0000rm -rf /"'],
    ['the program', (op: Operations) => op.run('ec\0ho', []), 'refusing a program name with a NUL byte'],
    ['an environment value', (op: Operations) => op.run('env', [], { env: { X: 'abc\0def' } }), 'refusing environment variable X of env with a NUL byte'],
    ['the directory', (op: Operations) => op.run('pwd', [], { cwd: '/tmp\0/x' }), 'refusing the directory of pwd with a NUL byte'],
  ] as const)('refuses a NUL byte in %s before anything is shown or run', async (_, call, message) => {
    const { op, seen } = recordingOperations();
    const running = call(op);
    await expect(running).rejects.toThrow(Problem);
    await expect(running).rejects.toThrow(message);
    expect(seen).toEqual([]);
  });

  it('keeps the directory, the environment, the input, okStatuses and ProgramFailed', async () => {
    const { op } = recordingOperations();
    const result = await op.run('sh', ['-c', 'pwd; echo "$IIM_X"; cat; echo said >&2'], { cwd: dir, env: { IIM_X: 'a b' }, input: 'in\n' });
    expect(result).toEqual({ ran: true, status: 0, stdout: `${realpathSync(dir)}\na b\nin\n`, stderr: 'said\n' });
    expect((await op.run('sh', ['-c', 'exit 100'], { okStatuses: [100] })).status).toBe(100);
    const failed = await op.run('sh', ['-c', 'echo oops >&2; exit 3']).catch((error) => error);
    expect(failed).toBeInstanceOf(ProgramFailed);
    expect(failed).toMatchObject({ status: 3, stderr: 'oops\n', message: "FAILED: sh -c 'echo oops >&2; exit 3' [exit 3]: oops" });
    const killed = await op.run('sh', ['-c', 'kill -KILL $$']).catch((error) => error);
    expect(killed).toMatchObject({ status: null, signal: 'SIGKILL' });
    const missing = await op.run('iim-no-such-program', []).catch((error) => error);
    expect(missing).toMatchObject({ status: 127, message: 'FAILED: iim-no-such-program [exit 127]: iim-no-such-program: command not found' });
  });

  it('seeRun copies the output to stderr, each line marked O: or E:', async () => {
    const { ended } = startWorker("await op.run('sh', ['-c', 'echo one; printf \"two\\\\n\\\\nthree\\\\n\"; echo err >&2']);", [], {}, 'seeRun');
    const result = await ended;
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('O: one\nO: two\n\nO: three\n');
    expect(result.stderr).toContain('E: err\n');
  });
});

describe('a signal that stops us stops the programs we run', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('%s while op.run("sleep", ["30"]) runs leaves no sleep, and we end as killed by it (128+n)', async (signal) => {
    const { child, ended } = startWorker("await op.run('sleep', ['30']);");
    let below: number[] = [];
    await waitUntil('sleep runs', () => {
      below = descendants(child.pid!);
      return below.some((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep');
    });
    processes.remember(...below);
    child.kill(signal);
    const result = await ended;
    expect(result, result.stderr).toMatchObject({ status: null, signal });
    expect(result.stderr).toContain(`iim-test: go: FAILED: sleep 30 [killed by ${signal}]`);
    await waitUntil('the programs are gone', () => below.every((pid) => !isAlive(pid)), 2000);
  });

  it('Ctrl-C at a terminal stops the program and the command, as a shell user expects', async () => {
    const tmux = new TmuxSession('run-ctrl-c');
    const pidFile = join(dir, 'program.pid');
    const worker = join(dir, 'worker.mjs');
    writeFileSync(worker, commandWorker("await op.run('sh', ['-c', 'echo $$ > \"$1\"; exec sleep 30', 'sh', process.env.PID_FILE]);"));
    try {
      tmux.start();
      await tmux.waitForScreen('the prompt', (text) => text.includes('READY$'));
      tmux.type(`NO_COLOR=1 PID_FILE=${pidFile} ${process.execPath} ${worker}`);
      tmux.keys('Enter');
      await waitUntil('the program runs', () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n'));
      const programPid = Number(readFileSync(pidFile, 'utf8'));
      processes.remember(programPid);
      tmux.keys('C-c');
      await tmux.waitForScreen('the prompt again', (text) => text.trimEnd().endsWith('READY$'));
      tmux.type('echo status=$?');
      tmux.keys('Enter');
      const screen = await tmux.waitForScreen('the status', (text) => /status=\d/.test(text));
      expect(screen).toContain(`FAILED: sh -c 'echo $$ > "$1"; exec sleep 30' sh ${pidFile} [killed by SIGINT]`);
      expect(screen).toContain('status=130');
      await waitUntil('the program is gone', () => !isAlive(programPid), 2000);
    } finally {
      tmux.kill();
    }
  });
});
