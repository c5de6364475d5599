// The lab's plan and refusals: what labUp would do under -n showOnly (nothing done),
// and the messages a user gets for a wrong net, a missing lab, a directory that is not a lab.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binPath, runBin } from '../../support/run-bin.js';
import { isRoot } from '../../support/programs.js';
import { loopbackNet, removeDirectory, temporaryDirectory } from '../../support/sandbox.js';

const work = temporaryDirectory('lab-plan');
afterAll(() => removeDirectory(work));

describe('iim -n showOnly -i labUp', () => {
  const lab = join(work, 'lab');
  const net = loopbackNet();

  it('shows the whole plan through the sibling scripts and creates nothing', async () => {
    const result = await runBin('iim', ['-n', 'showOnly', '-i', 'labUp', '-p', `lab=${lab}`, '-p', `net=${net}`]);
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(work)).toEqual([]);
    const plan = result.stderr.split('\n');
    const child = (script: string, command: string) => plan.findIndex((line) => line.includes(`/${script}.js `) && line.includes(` -i ${command}`));
    expect(plan[0]).toBe(`mkdir -p ${lab}`);
    expect(child('iim-tinydns', `setup ${net}.1`)).toBeGreaterThan(0);
    expect(child('iim-tinydns', `recordImport ${lab}/lab.test.records`)).toBeGreaterThan(child('iim-tinydns', 'setup'));
    // the zone file it reads is shown whole, as the here-document that writes it
    const zoneFile = plan.findIndex((line) => line.startsWith(`cat > ${lab}/lab.test.records <<'EOF'`));
    expect(zoneFile).toBeGreaterThan(0);
    expect(plan.slice(zoneFile, zoneFile + 12)).toContain('host www.lab.test 192.0.2.80');
    expect(zoneFile).toBeLessThan(child('iim-tinydns', 'recordImport'));
    expect(child('iim-tinydns', `recordAdd ns . ${net}.1 a`)).toBeGreaterThan(0);
    expect(child('iim-dnscache', `setup ${net}.2`)).toBeGreaterThan(0);
    expect(child('iim-dnscache', 'clientAllow 127')).toBeGreaterThan(child('iim-dnscache', 'setup'));
    expect(child('iim-dnscache', `forwardAdd lab.test ${net}.1`)).toBeGreaterThan(0);
    expect(child('iim-dnscache', `forwardSet @ ${net}.1`)).toBeGreaterThan(0);
    expect(child('iim-daemontools', 'svscanStart')).toBe(plan.findIndex((line) => line.includes('iim-daemontools')));
    expect(child('iim-daemontools', 'svscanStart')).toBeGreaterThan(child('iim-dnscache', `forwardSet @ ${net}.1`));
    expect(result.stderr).toContain(`# wait up to 30 s until DNSCACHEIP=${net}.2 dnsip www.lab.test answers 192.0.2.80`);
    // A child is shown as it would run for real: the printed plan builds the lab when pasted.
    expect(result.stderr).not.toMatch(/\.js .*-n showOnly/);
    expect(result.stdout).toBe('');
  });

  it('as JSON: one object per action on stdout, none of them run', async () => {
    const result = await runBin('iim', ['-n', 'showOnly', '-p', 'format=json', '-i', 'labUp', '-p', `lab=${lab}`, '-p', `net=${net}`]);
    expect(result.status, result.stderr).toBe(0);
    const actions = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(actions.every((action) => action.run === false)).toBe(true);
    expect(actions.filter((action) => action.action === 'run').length).toBeGreaterThanOrEqual(8);
    expect(existsSync(lab)).toBe(false);
  });
});

describe('lab refusals', () => {
  it('a net outside loopback is a usage error naming the expected form', async () => {
    const result = await runBin('iim', ['-n', 'showOnly', '-i', 'labUp', '-p', 'net=10.0.0']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('bad value "10.0.0" for parameter net: expected a loopback /24 as 127.X.Y, like 127.53.0');
  });

  it('the default lab directory follows XDG_STATE_HOME', async () => {
    const result = await runBin('iim', ['-i', 'params'], { env: { XDG_STATE_HOME: join(work, 'state') } });
    expect(result.stdout).toMatch(new RegExp(`^ +lab .*= "${join(work, 'state', 'iim', 'lab')}" \\(default\\)$`, 'm'));
  });

  it.skipIf(!isRoot())('labUp names the Debian packages of missing programs with the exact install command, and creates nothing', async () => {
    const lab = join(work, 'no-programs');
    const result = await runBin('iim', ['-i', 'labUp', '-p', `lab=${lab}`], { env: { PATH: '/nonexistent' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^iim: labUp: missing programs: svscan, .*dnsip, dnsqr; install them with: apt-get install -y --no-install-recommends daemontools tinydns djbdns-utils\n$/);
    expect(existsSync(lab)).toBe(false);
  });

  it.skipIf(!isRoot() || spawnSync('runuser', ['--help']).status !== 0)('labUp as another user says it needs root, without a stack trace', () => {
    const lab = join(work, 'no-root');
    const result = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, binPath('iim'), '-i', 'labUp', '-p', `lab=${lab}`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('iim: labUp: needs root: run it as root, or add -p sudo=yes to re-run it through sudo\n');
    expect(existsSync(lab)).toBe(false);
  });

  it('labStatus without a lab says how to bring one up', async () => {
    const result = await runBin('iim', ['-i', 'labStatus', '-p', `lab=${join(work, 'none')}`]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`iim: labStatus: no lab in ${join(work, 'none')}: bring one up with iim -i labUp -p lab=${join(work, 'none')}\n`);
  });

  it('labDown needs -f', async () => {
    const result = await runBin('iim', ['-i', 'labDown', '-p', `lab=${join(work, 'none')}`]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('iim: labDown: destructive: if you really want to do it, specify -f');
  });

  it.skipIf(!isRoot())('labDown -f without a lab has nothing to stop', async () => {
    const result = await runBin('iim', ['-f', '-i', 'labDown', '-p', `lab=${join(work, 'none')}`]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(`no lab in ${join(work, 'none')}: nothing to stop`);
  });

  it.skipIf(!isRoot())('labDown -p purge=yes removes no directory labUp did not make', async () => {
    const other = join(work, 'precious');
    mkdirSync(other);
    writeFileSync(join(other, 'notes'), 'mine\n');
    const result = await runBin('iim', ['-f', '-i', 'labDown', '-p', `lab=${other}`, '-p', 'purge=yes']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`has no ${join(other, '.iim-lab')} file: not removing a directory labUp did not make`);
    expect(readdirSync(other)).toEqual(['notes']);
  });
});
