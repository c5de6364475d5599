// The ACME client hooks in hooks/, run as certbot, dehydrated and lego run them (their arguments
// and environment), against a real tinydns: what each maps to is what tinydns then answers.
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, isRoot } from './support/programs.js';
import { binPath, projectRoot } from './support/run-bin.js';
import { answers, dnsq, makeWorld, serve, tearDown, type TinydnsWorld } from './support/tinydns-world.js';

const ready = isRoot() && available('tinydns', 'tinydns-conf', 'tinydns-data', 'tinydns-get', 'dnsq', 'svscan', 'sh');
const V1 = 'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0';
const V2 = 'xjO2dZQYpsrUFn0oCr1-cw8bc4xW6kK79zkyNcYiSkM';

describe.skipIf(!ready)('ACME client hooks', () => {
  let world: TinydnsWorld;
  let env: Record<string, string>;
  beforeAll(async () => {
    world = await makeWorld('acme-hooks');
    serve(world);
    // The hooks run iim-tinydns from PATH with the user's defaults (~/.config/iim/iim-tinydns/dir).
    const bin = join(world.top, 'bin');
    mkdirSync(bin);
    symlinkSync(binPath('iim-tinydns'), join(bin, 'iim-tinydns'));
    const config = join(world.top, 'config', 'iim', 'iim-tinydns');
    mkdirSync(config, { recursive: true });
    writeFileSync(join(config, 'dir'), `${world.dir}\n`);
    env = { PATH: `${bin}:${process.env.PATH}`, XDG_CONFIG_HOME: join(world.top, 'config'), NO_COLOR: '1' };
    const ns = spawnSync(join(bin, 'iim-tinydns'), ['-i', 'recordAdd', 'ns', 'lab.test', world.ip], { env: { ...process.env, ...env }, encoding: 'utf8' });
    expect(ns.status, ns.stderr).toBe(0);
  }, 30_000);
  afterAll(() => tearDown(world));

  const hook = (name: string, args: string[], extra: Record<string, string> = {}) =>
    spawnSync(join(projectRoot, 'hooks', name), args, { env: { ...process.env, ...env, ...extra }, encoding: 'utf8', timeout: 60_000 });
  const txt = (name: string) => answers(dnsq('txt', name, world.ip)).map((a) => a.replace(/^\S+ \d+ 16 ./, '')).sort();

  it('certbot: the auth hook sets CERTBOT_VALIDATION for CERTBOT_DOMAIN (base and wildcard side by side), cleanup removes only its own', () => {
    const first = hook('certbot-auth.sh', [], { CERTBOT_DOMAIN: 'lab.test', CERTBOT_VALIDATION: V1 });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(`_acme-challenge.lab.test: ${V1}, answered by ${world.ip}`);
    expect(hook('certbot-auth.sh', [], { CERTBOT_DOMAIN: 'lab.test', CERTBOT_VALIDATION: V2 }).status).toBe(0);
    expect(txt('_acme-challenge.lab.test')).toEqual([V1, V2].sort());
    const cleanup = hook('certbot-cleanup.sh', [], { CERTBOT_DOMAIN: 'lab.test', CERTBOT_VALIDATION: V1 });
    expect(cleanup.status, cleanup.stderr).toBe(0);
    expect(txt('_acme-challenge.lab.test')).toEqual([V2]);
    expect(hook('certbot-cleanup.sh', [], { CERTBOT_DOMAIN: 'lab.test', CERTBOT_VALIDATION: V2 }).status).toBe(0);
    expect(txt('_acme-challenge.lab.test')).toEqual([]);
  });

  it('certbot: a value with shell characters reaches iim-tinydns as one word and is refused, nothing run', () => {
    const marker = join(world.top, 'ran');
    const bad = hook('certbot-auth.sh', [], { CERTBOT_DOMAIN: 'lab.test', CERTBOT_VALIDATION: `x; touch ${marker}` });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(`iim-tinydns: acmeChallengeSet: bad challenge value "x; touch ${marker}": expected base64url (letters, digits, "-", "_"; 43 of them from an ACME client)\n`);
    expect(spawnSync('test', ['-e', marker]).status).toBe(1);
  });

  it('each hook passes a domain that starts with "-" as the domain (refused), never as an option of iim-tinydns', () => {
    const refused = `iim-tinydns: acmeChallengeSet: bad domain name "-n"`;
    const runs = [
      hook('certbot-auth.sh', [], { CERTBOT_DOMAIN: '-n', CERTBOT_VALIDATION: V1 }),
      hook('lego-exec.sh', ['present', '-n', V1]),
      hook('dehydrated.sh', ['deploy_challenge', '-n', 'token', V1]),
    ];
    for (const run of runs) {
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain(refused);
    }
    const cleared = hook('certbot-cleanup.sh', [], { CERTBOT_DOMAIN: '-n', CERTBOT_VALIDATION: V1 });
    expect([cleared.status, cleared.stderr]).toEqual([1, expect.stringContaining('acmeChallengeClear: bad domain name "-n"')]);
  });

  it('dehydrated: deploy_challenge and clean_challenge DOMAIN TOKEN VALUE, chained for several domains; other hooks ignored', () => {
    const deploy = hook('dehydrated.sh', ['deploy_challenge', 'lab.test', 'token1', V1, 'www.lab.test', 'token2', V2]);
    expect(deploy.status, deploy.stderr).toBe(0);
    expect(txt('_acme-challenge.lab.test')).toEqual([V1]);
    expect(txt('_acme-challenge.www.lab.test')).toEqual([V2]);
    const before = world.readData();
    for (const other of [['startup_hook'], ['deploy_cert', 'lab.test', '/k', '/c', '/f', '/ch', '1'], ['this_hookname_is_new', 'x']]) {
      const ignored = hook('dehydrated.sh', other);
      expect(ignored.status, other[0]).toBe(0);
      expect(ignored.stdout + ignored.stderr).toBe('');
    }
    expect(world.readData()).toBe(before);
    expect(hook('dehydrated.sh', ['clean_challenge', 'lab.test', 'token1', V1, 'www.lab.test', 'token2', V2]).status).toBe(0);
    expect(txt('_acme-challenge.lab.test')).toEqual([]);
    expect(txt('_acme-challenge.www.lab.test')).toEqual([]);
  });

  it('lego: present and cleanup FQDN VALUE (the FQDN already _acme-challenge.NAME.); another action is refused', () => {
    const present = hook('lego-exec.sh', ['present', '_acme-challenge.www.lab.test.', V1]);
    expect(present.status, present.stderr).toBe(0);
    expect(txt('_acme-challenge.www.lab.test')).toEqual([V1]);
    expect(world.readData()).toContain(`'_acme-challenge.www.lab.test:${V1}:60\n`);
    expect(hook('lego-exec.sh', ['cleanup', '_acme-challenge.www.lab.test.', V1]).status).toBe(0);
    expect(txt('_acme-challenge.www.lab.test')).toEqual([]);
    const unknown = hook('lego-exec.sh', ['timeout']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('lego-exec.sh: unknown action "timeout": expected present or cleanup\n');
  });
});
