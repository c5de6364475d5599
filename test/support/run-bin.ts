// Run a built bin (dist/bin/NAME.js) as a user would, and collect what it printed.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const binPath = (name: string) => join(projectRoot, 'dist', 'bin', `${name}.js`);

export interface BinResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runBin(
  name: string,
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; input?: string; timeoutMs?: number; umask?: string } = {},
): Promise<BinResult> {
  // With a umask: through bash, the words passed as "$@" (argv, no command string built).
  const [program, words] = options.umask === undefined
    ? [process.execPath, [binPath(name), ...args]]
    : ['bash', ['-c', `umask ${options.umask}; exec "$@"`, 'bash', process.execPath, binPath(name), ...args]];
  if (options.umask !== undefined && !/^[0-7]{3,4}$/.test(options.umask)) throw new Error(`bad umask ${options.umask}`);
  return new Promise((resolve, reject) => {
    const child = spawn(program, words, {
      cwd: options.cwd ?? projectRoot,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
