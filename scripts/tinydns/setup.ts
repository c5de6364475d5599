// iim-tinydns setup: tinydns-conf, its accounts, the link into the scanned directory.
import { existsSync, lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { problem, type CommandContext } from '../../framework/index.js';

function accountExists(name: string): boolean {
  const passwd = readFileSync('/etc/passwd', 'utf8');
  return passwd.split('\n').some((entry) => entry.split(':')[0] === name);
}

export async function setup({ args: [ipArgument], params, op, out, force }: CommandContext): Promise<void> {
  const { parseIPv4 } = await import('../../lib/names.js');
  const { isSupervised, linkService } = await import('../../lib/daemontools/control.js');
  const ip = parseIPv4(ipArgument);
  const dir = resolve(params.dir);
  const link = join(resolve(params.serviceDir), basename(dir));
  if (existsSync(dir)) {
    if (!force) problem('%s exists: if you really want to replace it, specify -f', dir);
    if (isSupervised(dir)) problem('%s is running under supervise: stop it first (svc -dx %s %s/log)', dir, dir, dir);
  }
  const linked = lstatOrUndefined(link);
  const linkedHere = linked?.isSymbolicLink() === true && resolve(params.serviceDir, readlinkSync(link)) === dir;
  if (linked && !linkedHere && !force) problem('%s exists and is not a link to %s: if you really want to replace it, specify -f', link, dir);
  for (const account of [params.account, params.logAccount]) {
    if (accountExists(account)) continue;
    out.note(`creating the system account ${account} (tinydns-conf needs it and does not check)`);
    await op.run('useradd', ['-r', '-s', '/usr/sbin/nologin', '-d', '/nonexistent', account]);
  }
  if (existsSync(dir)) await op.remove(dir);
  await op.run('tinydns-conf', [params.account, params.logAccount, dir, ip]);
  const { compileData, lockPath } = await import('./data-file.js');
  await compileData(op, join(dir, 'root'));
  // The edits' lock file, made with the service: a refused edit then leaves the tree as it was.
  await op.writeFile(lockPath(join(dir, 'root')), '', 0o644);
  await op.mkdir(resolve(params.serviceDir));
  if (!linkedHere) {
    if (linked) await op.remove(link);
    await linkService(op, dir, resolve(params.serviceDir));
  }
  out.done(`tinydns for ${ip} in ${dir}, linked as ${link}: svscan starts it within 5 s`);
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
