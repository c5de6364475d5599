// A user's own parameter defaults (issue 13, item 12): $XDG_CONFIG_HOME/iim/SCRIPT/NAME, one
// file per parameter, its first line the value (envdir's rule); -p still wins; checked as -p is.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBin } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';

const top = temporaryDirectory('params-config');
afterAll(() => removeDirectory(top));
const config = (name: string) => {
  const home = join(top, name);
  mkdirSync(join(home, 'iim', 'iim-tinydns'), { recursive: true });
  return { home, file: (param: string, text: string) => writeFileSync(join(home, 'iim', 'iim-tinydns', param), text) };
};
const params = async (home: string, args: string[] = []) => {
  const result = await runBin('iim-tinydns', [...args, '-p', 'format=json', '-i', 'params'], { env: { XDG_CONFIG_HOME: home } });
  return { ...result, values: result.status === 0 ? Object.fromEntries((JSON.parse(result.stdout) as Array<{ name: string; value: string; source: string }>).map((p) => [p.name, [p.value, p.source]])) : {} };
};

describe('parameter defaults from $XDG_CONFIG_HOME/iim/SCRIPT/NAME', () => {
  it('a file\'s first line is the default, shown as "config"; -p wins over it; others keep their declared default', async () => {
    const { home, file } = config('ok');
    file('dir', '/srv/lab/tinydns\nignored second line\n');
    expect((await params(home)).values.dir).toEqual(['/srv/lab/tinydns', 'config']);
    expect((await params(home)).values.serviceDir).toEqual(['/etc/service', 'default']);
    expect((await params(home, ['-p', 'dir=/x'])).values.dir).toEqual(['/x', '-p']);
    const text = await runBin('iim-tinydns', ['-i', 'params'], { env: { XDG_CONFIG_HOME: home } });
    expect(text.stdout).toContain('= "/srv/lab/tinydns" (config)');
    const examples = await runBin('iim-tinydns', ['-i', 'examples'], { env: { XDG_CONFIG_HOME: home } });
    expect(examples.stdout).toContain('/srv/lab/tinydns/root/data');
  });

  it('a file that names no parameter, or a bad value, is a usage error naming the file', async () => {
    const { home, file } = config('bad');
    file('dri', '/x\n');
    const unknown = await params(home);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(`${join(home, 'iim', 'iim-tinydns', 'dri')}: unknown parameter "dri" of iim-tinydns`);
    expect(unknown.stderr).toContain('did you mean: dir?');
    const other = config('framework');
    other.file('hosts', 'ns1,ns2\n'); // the fan-out is chosen per invocation, never by default
    const refused = await params(other.home);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('unknown parameter "hosts" of iim-tinydns');
  });
});
