// A command that changes the machine's setup (iim-dnscache resolvConf) asks before it runs
// from a panel, though on the command line it needs no -f (issue 13, item 12).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBin } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';

const top = temporaryDirectory('link-trust-confirm');
afterAll(() => removeDirectory(top));

describe('resolvConf from a panel', () => {
  it('panelTrust asks for it; panelRun without a terminal refuses it and the file stays as it was', async () => {
    const resolv = join(top, 'resolv.conf');
    writeFileSync(resolv, 'nameserver 192.0.2.53\n');
    const line = `iim-dnscache -p dir=${join(top, 'dnscache')} -p resolvConf=${resolv} -i resolvConf`;
    const trust = await runBin('iim', ['-i', 'panelTrust', '--', line]);
    expect(trust.stdout).toBe('confirm: rewrites the resolver file of this machine (-p resolvConf)\n');
    const panel = join(top, 'Panel.org');
    writeFileSync(panel, `* Resolver\n- [[iim:${line}][point the resolver here]]\n`);
    const refused = await runBin('iim', ['-i', 'panelRun', panel, '1']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(`iim: panelRun: entry 1 (${line}) rewrites the resolver file of this machine (-p resolvConf): if you really want to run it, specify -f\n`);
    expect(readFileSync(resolv, 'utf8')).toBe('nameserver 192.0.2.53\n');
    expect((await runBin('iim', ['-i', 'panelTrust', '--', 'iim-dnscache -i forwardList'])).stdout).toBe('trusted\n');
  });
});

describe('panel lines that load a script file', () => {
  it('panelGenerate ./x.mjs and panelsUpdate FILE ask, and asking runs none of the file\'s code', async () => {
    const dir = join(top, 'downloaded');
    const marker = join(dir, 'ran');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'x.mjs'), `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'x');\n`);
    writeFileSync(join(dir, 'Panel.org'), '* x\n#+BEGIN: iim-examples :script ./x.mjs\n#+END:\n');
    const generate = await runBin('iim', ['-i', 'panelTrust', '--', 'iim -i panelGenerate ./x.mjs -', dir]);
    expect(generate.stdout).toBe('confirm: loads ./x.mjs, a script file: its code runs\n');
    const update = await runBin('iim', ['-i', 'panelTrust', '--', 'iim -i panelsUpdate ./Panel.org', dir]);
    expect(update.stdout).toBe("confirm: loads the script files ./Panel.org's blocks may name: their code runs\n");
    expect(readdirSync(dir).sort()).toEqual(['Panel.org', 'x.mjs']);
    expect(existsSync(marker)).toBe(false);
    expect((await runBin('iim', ['-i', 'panelTrust', '--', 'iim -i panelGenerate iim-dnscache -', dir])).stdout).toBe('trusted\n');
  });
});
