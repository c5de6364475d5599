// Start one program with an argument vector and no shell (zx 8 always runs `bash -c`, which
// reads BASH_ENV and ZX_PREFIX), collect its output, and let a signal that stops us stop it too.
import type { StdioOptions } from 'node:child_process';
import { childProcesses } from './lazy-builtins.js';
import { statSync } from 'node:fs';
import { track, willSpawn } from './child-processes.js';
import { Problem } from './problems.js';

export interface ProgramOptions {
  cwd?: string;
  /** Merged over our environment. */
  env?: Record<string, string>;
  /** Standard input: a string, or a stream piped in as it comes (the program starts at once and waits for it). */
  input?: string | NodeJS.ReadableStream;
  /** Pass the terminal straight through (editors, long-running programs). */
  stream?: boolean;
  /** Copy the output to our stderr as it comes, each line marked `O: ` or `E: ` (seeRun). */
  prefixOutput?: boolean;
  /** Open descriptors the program gets as its fd 3, 4, … (the locks we hold). */
  extraFds?: readonly number[];
}

export interface ProgramResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Refuse a NUL byte: the kernel would cut the string there and run something else than was shown. */
export function refuseNul(what: string, value: string): void {
  if (value.includes('\0')) throw new Problem(`refusing ${what} with a NUL byte: ${JSON.stringify(value)}`);
}

export function checkProgramWords(program: string, args: readonly string[], options: ProgramOptions): void {
  refuseNul('a program name', program);
  if (program === '') throw new Problem('refusing to run an empty program name');
  args.forEach((arg, index) => refuseNul(`argument ${index + 1} of ${program}`, arg));
  if (options.cwd !== undefined) refuseNul(`the directory of ${program}`, options.cwd);
  for (const [name, value] of Object.entries(options.env ?? {})) {
    refuseNul(`the name of an environment variable of ${program}`, name);
    if (name === '' || name.includes('=')) throw new Problem(`refusing environment variable name ${JSON.stringify(name)} for ${program}: expected no "=" and not empty`);
    refuseNul(`environment variable ${name} of ${program}`, value);
  }
}

/** Mark each line's start with PREFIX, remembering across chunks whether a line is open. */
function linePrefixer(prefix: string, write: (text: string) => void): (chunk: Buffer) => void {
  let atLineStart = true;
  return (chunk) => {
    const text = chunk.toString();
    const marked = text.replace(/\n(?=.)/g, `\n${prefix}`);
    write((atLineStart && /^./.test(text) ? prefix : '') + marked);
    atLineStart = text.endsWith('\n');
  };
}

/** What a shell says when it cannot start a program (126/127), so callers see one shape. */
function startFailure(program: string, cwd: string | undefined, error: NodeJS.ErrnoException): ProgramResult {
  if (error.code === 'ENOENT' && cwd !== undefined && !statSync(cwd, { throwIfNoEntry: false })?.isDirectory()) {
    return { status: 127, signal: null, stdout: '', stderr: `${program}: cannot run in ${cwd}: no such directory` };
  }
  const status = error.code === 'ENOENT' ? 127 : 126;
  const said = error.code === 'ENOENT' ? 'command not found' : error.message;
  return { status, signal: null, stdout: '', stderr: `${program}: ${said}` };
}

/**
 * Run PROGRAM ARGS directly (no shell). A program whose output we collect runs in its own process
 * group, killed as a group; a streamed one stays in ours so it keeps the terminal (job control, /dev/tty).
 */
export function runProgram(program: string, args: readonly string[], options: ProgramOptions = {}): Promise<ProgramResult> {
  checkProgramWords(program, args, options);
  const piped = !options.stream || options.prefixOutput === true;
  const stdin = options.input !== undefined ? 'pipe' : piped ? 'pipe' : 'inherit';
  const stdio: StdioOptions = [stdin, piped ? 'pipe' : 'inherit', piped ? 'pipe' : 'inherit', ...(options.extraFds ?? [])];
  return new Promise((resolve) => {
    const release = willSpawn();
    let child: ReturnType<ReturnType<typeof childProcesses>['spawn']>;
    try {
      child = childProcesses().spawn(program, [...args], {
        cwd: options.cwd,
        env: options.env ? { ...process.env, ...options.env } : process.env,
        stdio,
        detached: piped,
      });
      track(child, piped);
    } finally {
      release();
    }
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const show = (text: string) => void process.stderr.write(text);
    const showOut = linePrefixer('O: ', show);
    const showErr = linePrefixer('E: ', show);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      if (options.prefixOutput) showOut(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      if (options.prefixOutput) showErr(chunk);
    });
    if (child.stdin) {
      child.stdin.on('error', () => { /* the program did not read all its input */ });
      const stdin = child.stdin;
      if (typeof options.input === 'object') options.input.pipe(stdin);
      else stdin.end(options.input ?? '');
    }
    let settled = false;
    child.once('error', (error) => {
      if (settled) return;
      settled = true;
      resolve(startFailure(program, options.cwd, error));
    });
    child.once('close', (status, signal) => {
      if (settled) return;
      settled = true;
      resolve({ status, signal, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() });
    });
  });
}
