// The built bins, spawned as a user would run them.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { binPath, runBin } from '../support/run-bin.js';

/** Run a bin as an unprivileged user: as root through setpriv (nobody), otherwise as we are. */
function runUnprivileged(bin: string, args: string[]) {
  const command = [process.execPath, binPath(bin), ...args];
  const asNobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...command];
  const [program, ...rest] = process.getuid?.() === 0 ? asNobody : command;
  return spawnSync(program, rest, { encoding: 'utf8', cwd: '/', env: { ...process.env, NO_COLOR: '1' } });
}

const BINS = ['iim', 'iim-daemontools', 'iim-tinydns', 'iim-dnscache'];

describe.each(BINS)('%s', (bin) => {
  it('prints its examples with no arguments, exactly as -i examples, exit 0', async () => {
    const bare = await runBin(bin, []);
    const explicit = await runBin(bin, ['-i', 'examples']);
    expect(bare.status).toBe(0);
    expect(bare.stderr).toBe('');
    expect(bare.stdout).toBe(explicit.stdout);
    expect(bare.stdout.split('\n')[0]).toMatch(new RegExp(`^#{31}  ${bin}  #{33}$`));
  });

  it('has the seeded commands', async () => {
    for (const command of ['list', 'describe', 'help', 'params']) {
      const result = await runBin(bin, ['-i', command]);
      expect(result.status, `${command}: ${result.stderr}`).toBe(0);
      expect(result.stdout.length).toBeGreaterThan(0);
    }
  });

  it('gives usage errors exit 2, naming the closest commands', async () => {
    const result = await runBin(bin, ['-i', 'lst']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${bin}: lst: usage: unknown command "lst"`);
    expect(result.stderr).toMatch(/did you mean: .*list/);
  });
});

describe('the command line', () => {
  it('--help and -i help print the same derived help', async () => {
    const dashed = await runBin('iim-daemontools', ['--help']);
    const seeded = await runBin('iim-daemontools', ['-i', 'help']);
    expect(dashed.status).toBe(0);
    expect(dashed.stdout).toBe(seeded.stdout);
    expect(dashed.stdout).toContain('usage: iim-daemontools [options] -i COMMAND [options] [ARGS...]');
  });

  it('accepts -h (human) without treating it as help', async () => {
    const result = await runBin('iim-dnscache', ['-h', '-i', 'list']);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('usage:');
  });

  it('refuses an unknown parameter or run mode with exit 2', async () => {
    expect((await runBin('iim-tinydns', ['-p', 'bogus=1', '-i', 'list'])).status).toBe(2);
    expect((await runBin('iim-tinydns', ['-n', 'fast', '-i', 'list'])).status).toBe(2);
  });

  it('prints plain text when NO_COLOR is set, and colors for a terminal when forced', async () => {
    const plain = await runBin('iim-daemontools', ['-i', 'lst']);
    expect(plain.stderr).not.toContain('\u001b[');
    const colored = await runBin('iim-daemontools', ['-i', 'lst'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(colored.stderr).toContain('\u001b[');
  });

  it('shows the params with their sources', async () => {
    const result = await runBin('iim-dnscache', ['-p', 'dir=/tmp/x', '-i', 'params']);
    expect(result.stdout).toMatch(/dir .*= "\/tmp\/x" \(-p\)/);
    expect(result.stdout).toMatch(/resolvConf .*= "\/etc\/resolv.conf" \(default\)/);
  });

  it('visit falls back to $EDITOR when no Emacs server runs, passing the source file', async () => {
    const result = await runBin('iim-tinydns', ['-i', 'visit'], {
      env: { EDITOR: 'echo opened', VISUAL: '', EMACS_SOCKET_NAME: '/nonexistent/iim-no-server' },
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^opened \/.*\/scripts\/tinydns\.ts\n$/);
  });

  it('says a command needs root when run without it, changing nothing, and still shows its plan', () => {
    const refused = runUnprivileged('iim-tinydns', ['-p', 'dir=/nonexistent/iim-tinydns', '-i', 'setup', '127.99.0.1']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe('iim-tinydns: setup: needs root: run it as root, or add -p sudo=yes to re-run it through sudo\n');
    const shown = runUnprivileged('iim-tinydns', ['-n', 'showOnly', '-p', 'dir=/nonexistent/iim-tinydns', '-i', 'setup', '127.99.0.1']);
    expect(shown.status).toBe(0);
    expect(shown.stderr).toContain('tinydns-conf');
  });

  it('-v names the TypeScript source line each action came from, through the bundle\'s source map', async () => {
    const result = await runBin('iim-daemontools', [
      '-v', '-n', 'showOnly', '-p', 'serviceDir=/nonexistent/iim/service', '-p', 'svcBase=/nonexistent/iim/base', '-i', 'svcCreate', 'web', 'sleep', '1',
    ]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^\*\* \[iim-daemontools svcCreate\] scripts\/daemontools\/[a-z-]+\.ts:\d+$/m);
    expect(result.stderr).not.toContain('dist/bin');
  });

  it('stops quietly, exit 0, when the reader of its output goes away (| head, | true)', () => {
    const result = spawnSync('bash', ['-c', `"${process.execPath}" "${binPath('iim-daemontools')}" -i examples | true; echo "status \${PIPESTATUS[0]}"`], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('status 0\n');
  });
});
