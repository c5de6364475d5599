// dyndnsSetup: the dyndns2 service made by iim-daemontools svcCreate (run, log/run with
// multilog, env/ with its settings), as its own account, allowed to edit tinydns's root/.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { packageBin, problem, type CommandContext } from '../../framework/index.js';
import { lockPath, requireEditableData, rootOf } from './data-file.js';

function accountExists(name: string): boolean {
  return readFileSync('/etc/passwd', 'utf8').split('\n').some((entry) => entry.split(':')[0] === name);
}

export async function dyndnsSetup({ args: [ipArgument, portArgument], params, op, out, force }: CommandContext): Promise<void> {
  const { parseIPv4 } = await import('../../lib/names.js');
  const ip = parseIPv4(ipArgument);
  if (!/^[0-9]{1,5}$/.test(portArgument) || Number(portArgument) < 1 || Number(portArgument) > 65535) problem('bad PORT "%s": expected a TCP port from 1 to 65535', portArgument);
  const tinydns = resolve(params.dir);
  const root = rootOf(params);
  requireEditableData(root);
  const dir = resolve(params.dyndnsDir);
  const account = params.dyndnsAccount;
  const accounts = join(dir, 'accounts');
  if (!accountExists(account)) {
    out.note(`creating the system account ${account} (the service runs as it)`);
    await op.run('useradd', ['-r', '-s', '/usr/sbin/nologin', '-d', '/nonexistent', account]);
  }
  // The service edits root/data by an atomic rename and compiles beside it: root/ is writable
  // by its group, setgid so the files made there stay in it; the edits' lock is opened for writing.
  if (!existsSync(lockPath(root))) await op.writeFile(lockPath(root), '', 0o644);
  await op.run('chgrp', [account, root, lockPath(root)]);
  await op.chmod(root, 0o2775);
  await op.chmod(lockPath(root), 0o664);
  // The push to the secondaries counts the changes each missed there (lib/tinydns/secondaries.ts).
  const { behindDir } = await import('../../lib/tinydns/secondaries.js');
  await op.mkdir(behindDir(tinydns), 0o755);
  await op.run('chgrp', [account, behindDir(tinydns)]);
  await op.chmod(behindDir(tinydns), 0o2775);
  const settings: [string, string][] = [
    ['TINYDNS', tinydns],
    ['ACCOUNTS', accounts],
    ['IP', ip],
    ['PORT', String(Number(portArgument))],
  ];
  const words = [
    packageBin('iim-daemontools'),
    ...(force ? ['-f'] : []),
    '-p', `svcBase=${dirname(dir)}`,
    '-p', `serviceDir=${resolve(params.serviceDir)}`,
    '-p', `user=${account}`,
    '-p', `env=${settings.map(([name, value]) => `${name}=${value}`).join(',')}`,
    '-i', 'svcCreate', basename(dir),
    process.execPath, packageBin('iim-tinydns'), '-i', 'dyndnsServe',
  ];
  await op.mkdir(resolve(params.serviceDir));
  const made = await op.run(process.execPath, words);
  if (made.stderr) out.diagnostic(made.stderr);
  await op.mkdir(accounts, 0o700);
  await op.run('chown', [`${account}:${account}`, accounts]);
  await op.chmod(accounts, 0o700);
  out.done(`dyndns2 on http://${ip}:${Number(portArgument)}/nic/update for ${tinydns}, in ${dir} as ${account}${made.stdout.trim() ? `; ${made.stdout.trim()}` : ''}`);
}
