// Panel lines run the script beside the panel, however the panel was named: ./Panel.org,
// Panel.org in the current directory, a relative or an absolute path (issue 13, item 1); a program
// beside the panel is no installed iim script, so it runs only with -f (issue 12, item 6).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runBin } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';

let top: string;
beforeAll(async () => {
  top = temporaryDirectory('panel-launch');
  for (const args of [['-i', 'scriptStart', 'doe-iim.mjs'], ['-i', 'panelGenerate', './doe-iim.mjs', 'Panel.org']]) {
    const result = await runBin('iim', args, { cwd: top });
    if (result.status !== 0) throw new Error(result.stderr);
  }
});
afterAll(() => removeDirectory(top));

// PATH without the script's directory: the script is found beside the panel or not at all.
const env = { PATH: '/usr/local/bin:/usr/bin:/bin' };

describe('a panel of a script of your own, in the current directory', () => {
  it.each(['Panel.org', './Panel.org'])('iim -i panelRun %s runs the script beside it (not searched on PATH)', async (panel) => {
    const list = await runBin('iim', ['-p', 'format=json', '-i', 'panelList', panel], { cwd: top, env });
    const entry = (JSON.parse(list.stdout) as Array<{ number: number; line: string }>).find((e) => e.line === 'doe-iim.mjs -i describe');
    const refused = await runBin('iim', ['-i', 'panelRun', panel, String(entry?.number)], { cwd: top, env });
    expect(refused.stderr).toContain('(doe-iim.mjs -i describe) runs ./doe-iim.mjs, a program beside the panel, not an installed iim script: if you really want to run it, specify -f');
    expect(refused.status).toBe(1);
    const ran = await runBin('iim', ['-f', '-i', 'panelRun', panel, String(entry?.number)], { cwd: top, env });
    expect(ran.stderr).not.toContain('command not found');
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/^doe-iim\.mjs: greetings kept as file variables/);
  });

  it('panelRun from the parent directory, the panel named by a relative path, works too', async () => {
    const parent = join(top, '..');
    const relative = join(top.split('/').pop()!, 'Panel.org');
    const list = await runBin('iim', ['-p', 'format=json', '-i', 'panelList', relative], { cwd: parent, env });
    const entry = (JSON.parse(list.stdout) as Array<{ number: number; line: string }>).find((e) => e.line === 'doe-iim.mjs -i list');
    const ran = await runBin('iim', ['-f', '-i', 'panelRun', relative, String(entry?.number)], { cwd: parent, env });
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toContain('greetingSet');
  });
});
