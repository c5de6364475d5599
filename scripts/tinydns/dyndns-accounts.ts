// dyndns accounts: add (a password made and printed once, or read from standard input), list, remove.
// One file per account in dyndnsDir/accounts, mode 0600, owned by the service's account.
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { problem, type CommandContext } from '../../framework/index.js';
import { readDataText, rootOf } from './data-file.js';

const accountsOf = (params: Record<string, string>) => join(resolve(params.dyndnsDir), 'accounts');

function requireAccounts(params: Record<string, string>): string {
  const dir = accountsOf(params);
  if (!existsSync(dir)) problem('no %s: set the service up first (iim-tinydns -i dyndnsSetup IP PORT) or give -p dyndnsDir=DIR', dir);
  return dir;
}

/**
 * The account files: plain files only. accounts/ belongs to the service's account: a link or a
 * FIFO planted there must not make root read through it (or hang on it); the service skips them too.
 */
function accountNames(dir: string, warn: (text: string) => void): string[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.'))
    .filter((name) => {
      const plain = lstatSync(join(dir, name)).isFile();
      if (!plain) warn(`${join(dir, name)} is not a plain file (a link?): not an account, skipped; remove it`);
      return plain;
    })
    .sort();
}

const accountText = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');

/**
 * The first line of standard input (-p password=stdin). Only when asked: a panel's process or an
 * ssh session holds a pipe open that would never end.
 */
function passwordFromInput(): string {
  let text = '';
  try {
    text = readFileSync(0, 'utf8');
  } catch (error) {
    problem('cannot read the password from standard input: %s', (error as Error).message);
  }
  const line = text.split('\n')[0].replace(/\r$/, '');
  if (line === '') problem('no password on standard input (-p password=stdin reads its first line)');
  return line;
}

export async function dyndnsAccountAdd({ args: [nameArgument, ...hostArguments], params, op, out, force }: CommandContext): Promise<void> {
  const lib = await import('../../lib/dyndns/accounts.js');
  const { listZones, zoneOf } = await import('../../lib/tinydns/records.js');
  const name = lib.parseAccountName(nameArgument);
  const hostnames = [...new Set(hostArguments.map(lib.parseHostname))];
  const dir = requireAccounts(params);
  const data = readDataText(rootOf(params));
  const zones = listZones(data);
  const { namesWithOtherRecords } = await import('../../lib/dyndns/address-edit.js');
  const others = [...namesWithOtherRecords(data, new Set(hostnames))];
  if (others.length) problem('%s ha(s) other records in %s/data (an = line, a CNAME, MX, NS, TXT…): an account never changes those; pick a name of its own', others.join(', '), rootOf(params));
  for (const host of hostnames) {
    if (zoneOf(host, zones) === undefined) out.warn(`${host} is in no zone of ${rootOf(params)}/data: tinydns will not answer it (add one: iim-tinydns -i recordAdd ns ZONE IP)`);
  }
  const given = params.password === 'stdin' ? passwordFromInput() : undefined;
  if (given !== undefined && given.length < 8) problem('password too short: %s characters, at least 8', given.length);
  const password = given ?? lib.generatePassword();
  const path = join(dir, name);
  await op.withLock(join(dir, '.lock'), async () => {
    if (existsSync(path) && !force) problem('account %s exists (%s): to replace its password and hostnames, specify -f', name, path);
    const there = lstatSync(path, { throwIfNoEntry: false });
    if (there && !there.isFile()) problem('%s is not a plain file (a link?): account files are never written through one; remove it', path);
    for (const other of accountNames(dir, out.warn).filter((other) => other !== name)) {
      const theirs = lib.parseAccountFile(other, accountText(dir, other)).hostnames;
      const taken = hostnames.filter((host) => theirs.includes(host));
      if (taken.length) problem('%s already belong(s) to account %s: remove it there first', taken.join(', '), other);
    }
    const existed = existsSync(path);
    await op.writeFile(path, lib.accountFileText({ name, hash: lib.hashPassword(password), hostnames }), { mode: 0o600 });
    if (!existed) {
      const owner = statSync(dir);
      await op.run('chown', [`${owner.uid}:${owner.gid}`, path]);
    }
  });
  if (given === undefined) out.result(`password for ${name}: ${password}`);
  out.done(`account ${name} may update ${hostnames.join(', ')} (${path})`);
}

export async function dyndnsAccountList({ params, out }: CommandContext): Promise<void> {
  const { parseAccountFile } = await import('../../lib/dyndns/accounts.js');
  const dir = requireAccounts(params);
  const accounts = accountNames(dir, out.warn).map((name) => parseAccountFile(name, accountText(dir, name)));
  if (params.format === 'json') return out.json(accounts.map(({ name, hostnames }) => ({ name, hostnames })));
  for (const account of accounts) out.result(`${account.name}\t${account.hostnames.join(' ')}`);
}

export async function dyndnsAccountRemove({ args: [nameArgument], params, op, out }: CommandContext): Promise<void> {
  const { parseAccountName } = await import('../../lib/dyndns/accounts.js');
  const name = parseAccountName(nameArgument);
  const dir = requireAccounts(params);
  const path = join(dir, name);
  await op.withLock(join(dir, '.lock'), async () => {
    if (!existsSync(path)) problem('no account %s in %s', name, dir);
    await op.unlink(path);
  });
  out.done(`account ${name} removed: its records stay in ${rootOf(params)}/data (recordRemove takes them out)`);
}
