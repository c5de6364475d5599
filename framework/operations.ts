// The operation layer: every side effect a command has goes through here, so the run
// mode (-n) can show it, run it, or both, -v can say where it came from, and -r can record it.
import { constants as fsConstants, mkdirSync, openSync, closeSync, rmSync, symlinkSync, unlinkSync, renameSync, chmodSync, utimesSync, lstatSync, readlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunMode } from './run-modes.js';
import { plannedMode, writeFileAtomic, writeOptions, type WriteOptions } from './atomic-file.js';
import { stopSignal } from './child-processes.js';
import { acquireLock, releaseLock, type HeldLock } from './lock-file.js';
import { Problem, ProgramFailed } from './problems.js';
import { checkProgramWords, refuseNul, runProgram } from './run-program.js';
import { shellLine, quoteWord } from './shell-words.js';
import { callerOrigin } from './source-origin.js';
import type { StepPrompt } from './step-prompt.js';

export type Action =
  | { action: 'run'; program: string; args: string[]; cwd?: string; env?: Record<string, string> }
  | { action: 'writeFile'; path: string; bytes: number; content?: string; mode?: number }
  | { action: 'mkdir'; path: string; mode?: number }
  | { action: 'symlink'; target: string; path: string }
  | { action: 'unlink'; path: string }
  | { action: 'remove'; path: string }
  | { action: 'rename'; from: string; to: string }
  | { action: 'chmod'; path: string; mode: number }
  | { action: 'utimes'; path: string; seconds: number }
  | { action: 'signal'; pid: number; signal: string }
  | { action: 'spawnDetached'; program: string; args: string[]; cwd?: string; logFile?: string }
  | { action: 'wait'; description: string; timeoutMs: number }
  | { action: 'effect'; description: string };

export interface ActionOutcome {
  ran: boolean;
  status?: number | null;
  output?: string;
  error?: string;
}

export interface RunResult {
  /** False when the run mode only showed the command. */
  ran: boolean;
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Standard input: a string, or a stream piped in as it comes (the program starts at once and waits for it). */
  input?: string | NodeJS.ReadableStream;
  /** Exit statuses that are answers, not failures (svok's 100). */
  okStatuses?: readonly number[];
  /** Pass the program's output straight through (long-running or interactive programs). */
  stream?: boolean;
}

export interface OperationsObserver {
  /** Called before an action: shown (per run mode), traced with -v, and recorded with -r. */
  before(action: Action, line: string, origin: string | undefined, decision: { show: boolean; run: boolean }): void;
  after(action: Action, outcome: ActionOutcome): void;
}

/** What the run mode does with an action, given whether we are inside a protected section. */
export function decide(mode: RunMode, isProtected: boolean): { show: boolean; run: boolean } {
  switch (mode) {
    case 'runOnly': return { show: false, run: true };
    case 'showOnly': return { show: true, run: false };
    case 'showRun':
    case 'seeRun': return { show: true, run: true };
    case 'runSafe': return { show: true, run: !isProtected };
    case 'showProtected': return isProtected ? { show: true, run: false } : { show: false, run: true };
    case 'showRunProtected': return isProtected ? { show: true, run: true } : { show: false, run: true };
  }
}

/** Contents up to this size are shown in full (a run script, an env file); larger ones by size. */
const SHOWN_CONTENT_LIMIT = 2000;

/** A here-document for text of whole lines, with a delimiter the text does not contain. */
function hereDocument(path: string, content: string): string | undefined {
  if (!content.endsWith('\n') || content.includes('\0')) return undefined;
  let delimiter = 'EOF';
  while (content.split('\n').includes(delimiter)) delimiter += '_';
  return `cat > ${quoteWord(path)} <<'${delimiter}'  # atomic: temporary file + rename\n${content}${delimiter}`;
}

/** The shell-like line that shows an action. */
export function describeAction(action: Action): string {
  switch (action.action) {
    case 'run': {
      const env = Object.entries(action.env ?? {}).map(([k, v]) => `${k}=${quoteWord(v)} `).join('');
      const line = env + shellLine([action.program, ...action.args]);
      return action.cwd ? `(cd ${quoteWord(action.cwd)} && ${line})` : line;
    }
    case 'writeFile': {
      const { content, path } = action;
      if (content === undefined) return `# write ${action.bytes} bytes to ${quoteWord(path)} (atomic: temporary file + rename)`;
      const oneLine = !content.slice(0, -1).includes('\n');
      const write = (!oneLine && hereDocument(path, content)) || `printf '%s' ${quoteWord(content)} > ${quoteWord(path)}  # atomic: temporary file + rename`;
      return action.mode === undefined ? write : `${write}\nchmod ${action.mode.toString(8)} ${quoteWord(path)}`;
    }
    case 'mkdir': return `mkdir -p${action.mode ? ` -m ${action.mode.toString(8)}` : ''} ${quoteWord(action.path)}`;
    case 'symlink': return `ln -s ${quoteWord(action.target)} ${quoteWord(action.path)}`;
    case 'unlink': return `rm -f ${quoteWord(action.path)}`;
    case 'remove': return `rm -rf ${quoteWord(action.path)}`;
    case 'rename': return `mv ${quoteWord(action.from)} ${quoteWord(action.to)}`;
    case 'chmod': return `chmod ${action.mode.toString(8)} ${quoteWord(action.path)}`;
    case 'utimes': return `touch -d @${action.seconds} ${quoteWord(action.path)}`;
    case 'signal': return `kill -${action.signal.replace(/^SIG/, '')} ${action.pid}`;
    case 'spawnDetached':
      return `${action.cwd ? `cd ${quoteWord(action.cwd)} && ` : ''}setsid ${shellLine([action.program, ...action.args])} > ${quoteWord(action.logFile ?? '/dev/null')} 2>&1 &`;
    case 'wait': return `# wait up to ${action.timeoutMs / 1000} s until ${action.description}`;
    case 'effect': return `# ${action.description}`;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Refuse a path the kernel would cut at a NUL byte (so it would name another file than was shown). */
function checkPath(...paths: string[]): void {
  for (const path of paths) refuseNul('a path', path);
}

/** No new program or wait once a signal asked us to stop (the runner then exits with 128+n). */
function refuseWhenStopping(what: string): void {
  const signal = stopSignal();
  if (signal) throw new Problem(`stopped by ${signal} before: ${what}`);
}

export class Operations {
  private protectedDepth = 0;
  /** Actions carried out, and actions only shown or skipped (for the result lines: out.done). */
  readonly tally = { ran: 0, notRun: 0 };
  /** Locks this command holds, by resolved path: programs it runs meanwhile inherit them. */
  private readonly heldLocks = new Map<string, HeldLock>();

  constructor(
    readonly mode: RunMode,
    private readonly observer: OperationsObserver,
    private readonly wantOrigin: boolean,
    /** Asked after an action is shown and before it runs (seeRun at a terminal). */
    private readonly askBeforeRunning?: StepPrompt,
  ) {}

  /** True when actions are carried out (not only shown) outside protected sections. */
  get performs(): boolean {
    return decide(this.mode, false).run;
  }

  /** iim's critical section: protected run modes show its actions instead of running them. */
  async protected<T>(work: () => Promise<T>): Promise<T> {
    this.protectedDepth++;
    try {
      return await work();
    } finally {
      this.protectedDepth--;
    }
  }

  private begin(action: Action): boolean {
    const decision = decide(this.mode, this.protectedDepth > 0);
    const line = describeAction(action);
    this.observer.before(action, line, this.wantOrigin ? callerOrigin() : undefined, decision);
    if (decision.run && this.askBeforeRunning) {
      const answer = this.askBeforeRunning(line);
      if (answer === 'stop') throw new Problem(`stopped before: ${line.split('\n')[0]}`);
      if (answer === 'skip') {
        this.tally.notRun++;
        return false;
      }
    }
    if (decision.run) this.tally.ran++;
    else this.tally.notRun++;
    return decision.run;
  }

  private async perform(action: Action, work: () => void | Promise<void>): Promise<boolean> {
    if (!this.begin(action)) {
      this.observer.after(action, { ran: false });
      return false;
    }
    try {
      await work();
    } catch (error) {
      this.observer.after(action, { ran: true, error: (error as Error).message });
      throw error;
    }
    this.observer.after(action, { ran: true, status: 0 });
    return true;
  }

  /**
   * Run a program with an argument vector, no shell. While we hold locks, the program gets them as
   * fd 3, 4…: a flock belongs to the open file description, so if we are killed (-9) while, say,
   * tinydns-data runs, the lock stays held until that program ends too, and no second edit can
   * interleave with it. (spawnDetached never passes them: a daemon would hold them for ever.)
   */
  async run(program: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    checkProgramWords(program, args, options);
    const action: Action = { action: 'run', program, args: [...args], cwd: options.cwd, env: options.env };
    if (!this.begin(action)) {
      this.observer.after(action, { ran: false });
      return { ran: false, status: null, stdout: '', stderr: '' };
    }
    refuseWhenStopping(describeAction(action));
    const result = await runProgram(program, args, {
      cwd: options.cwd,
      env: options.env,
      input: options.input,
      stream: options.stream,
      prefixOutput: this.mode === 'seeRun',
      extraFds: [...this.heldLocks.values()].map((lock) => lock.fd),
    });
    const { status, signal } = result;
    this.observer.after(action, { ran: true, status, output: result.stdout + result.stderr });
    if (status !== 0 && !(status !== null && options.okStatuses?.includes(status))) {
      throw new ProgramFailed(shellLine([program, ...args]), status, result.stderr, signal);
    }
    return { ran: true, status, stdout: result.stdout, stderr: result.stderr };
  }

  /**
   * Replace a file's content atomically (temporary file in the same directory + rename). A number
   * is the mode of a new file; an existing file keeps its mode and owner unless `keepExisting: false`.
   * A symlink at PATH is refused (unless `replaceSymlink`).
   */
  async writeFile(path: string, content: string, modeOrOptions?: number | WriteOptions): Promise<void> {
    checkPath(path);
    const options = writeOptions(modeOrOptions);
    const planned = plannedMode(path, options);
    // Shown as `chmod MODE` when the caller names a mode: the one the file will really have.
    const mode = options.mode !== undefined ? planned.mode : undefined;
    const shown = content.length <= SHOWN_CONTENT_LIMIT ? content : undefined;
    await this.perform({ action: 'writeFile', path, bytes: Buffer.byteLength(content), content: shown, mode }, () =>
      writeFileAtomic(path, content, options),
    );
  }

  /** mkdir -p; a directory of ours is never a symlink, so one at PATH is refused. */
  async mkdir(path: string, mode?: number): Promise<void> {
    checkPath(path);
    const info = lstatSync(path, { throwIfNoEntry: false });
    if (info?.isSymbolicLink()) throw new Problem(`refusing directory ${path}: it is a symlink to ${readlinkSync(path)}`);
    await this.perform({ action: 'mkdir', path, mode }, () => void mkdirSync(path, { recursive: true, mode }));
  }

  async symlink(target: string, path: string): Promise<void> {
    checkPath(target, path);
    await this.perform({ action: 'symlink', target, path }, () => symlinkSync(target, path));
  }

  async unlink(path: string): Promise<void> {
    checkPath(path);
    await this.perform({ action: 'unlink', path }, () => {
      try {
        unlinkSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    });
  }

  async remove(path: string): Promise<void> {
    checkPath(path);
    await this.perform({ action: 'remove', path }, () => rmSync(path, { recursive: true, force: true }));
  }

  async rename(from: string, to: string): Promise<void> {
    checkPath(from, to);
    await this.perform({ action: 'rename', from, to }, () => renameSync(from, to));
  }

  async chmod(path: string, mode: number): Promise<void> {
    checkPath(path);
    await this.perform({ action: 'chmod', path, mode }, () => chmodSync(path, mode));
  }

  /**
   * A side effect no program or file operation carries (a datagram sent from this process): shown
   * as `# DESCRIPTION`, done by `work` only when the run mode runs it. Resolves with work's value.
   */
  async effect<T>(description: string, work: () => Promise<T>): Promise<T | undefined> {
    let value: T | undefined;
    await this.perform({ action: 'effect', description }, async () => void (value = await work()));
    return value;
  }

  /** Set a file's access and modification times to SECONDS since the epoch (touch -d @SECONDS). */
  async utimes(path: string, seconds: number): Promise<void> {
    checkPath(path);
    await this.perform({ action: 'utimes', path, seconds }, () => utimesSync(path, seconds, seconds));
  }

  async signal(pid: number, signal: NodeJS.Signals): Promise<void> {
    await this.perform({ action: 'signal', pid, signal }, () => void process.kill(pid, signal));
  }

  /** Start a daemon in its own session, detached from us; returns its pid (undefined when only shown). */
  async spawnDetached(program: string, args: readonly string[], options: { cwd?: string; logFile?: string } = {}): Promise<number | undefined> {
    checkProgramWords(program, args, { cwd: options.cwd });
    if (options.logFile !== undefined) checkPath(options.logFile);
    let pid: number | undefined;
    await this.perform({ action: 'spawnDetached', program, args: [...args], ...options }, async () => {
      refuseWhenStopping(program);
      const { spawn } = await import('node:child_process');
      const log = options.logFile ? openLog(options.logFile) : 'ignore';
      const child = spawn(program, [...args], { cwd: options.cwd, detached: true, stdio: ['ignore', log, log] });
      if (typeof log === 'number') closeSync(log);
      pid = child.pid;
      child.unref();
      if (pid === undefined) throw new Error(`could not start ${program}`);
    });
    return pid;
  }

  /**
   * Wait until `probe` says yes, polling; a probe only reads state. Shown, not run, under showOnly.
   * Returns false on time-out (the caller decides whether that is a problem).
   */
  async waitFor(description: string, probe: () => boolean | Promise<boolean>, timeoutMs = 10_000, intervalMs = 100): Promise<boolean> {
    let satisfied = false;
    const ran = await this.perform({ action: 'wait', description, timeoutMs }, async () => {
      refuseWhenStopping(description);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (await probe()) {
          satisfied = true;
          return;
        }
        if (Date.now() > deadline) return;
        await sleep(intervalMs);
      }
    });
    return ran ? satisfied : true;
  }

  /**
   * Hold an exclusive flock on LOCKPATH around a read-modify-write of a shared file (not taken when
   * nothing runs). The kernel drops it when we die; the lock file is never removed.
   */
  async withLock<T>(lockPath: string, work: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
    if (!this.performs) return work();
    checkPath(lockPath);
    const key = resolve(lockPath);
    if (this.heldLocks.has(key)) throw new Problem(`lock ${lockPath} is already held by this command (a nested edit of the same file)`);
    const lock = await acquireLock(lockPath, timeoutMs);
    this.heldLocks.set(key, lock);
    try {
      return await work();
    } finally {
      this.heldLocks.delete(key);
      releaseLock(lock);
    }
  }
}

/** A daemon's log, appended to, never through a symlink someone planted where our log goes. */
function openLog(path: string): number {
  try {
    return openSync(path, fsConstants.O_WRONLY | fsConstants.O_APPEND | fsConstants.O_CREAT | fsConstants.O_NOFOLLOW, 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new Problem(`refusing log ${path}: it is a symlink to ${readlinkSync(path)}`);
    throw error;
  }
}
