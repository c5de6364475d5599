// Hosts by name or @group from an inventory in the INI format Ansible uses: [group] sections
// of host lines (`name var=value ...`), [group:children] sections of group names, [group:vars]
// (ignored); ansible_host, ansible_user and ansible_port say how to reach a host.
import { Problem, UsageError } from '../problems.js';

export interface FleetHost {
  /** The name the user wrote (the output prefix): an ssh destination or an inventory name. */
  name: string;
  /** From the inventory: what ssh connects to instead of what the name resolves to. */
  hostName?: string;
  user?: string;
  port?: string;
}

export interface Inventory {
  hosts: Map<string, FleetHost>;
  /** Each group's own hosts and child groups, in file order. */
  groups: Map<string, { hosts: string[]; children: string[] }>;
}

/** web[01:03] → web01 web02 web03; db-[a:c] → db-a db-b db-c (Ansible's host ranges). */
function expandRange(pattern: string): string[] {
  const match = /^(.*)\[([0-9]+|[a-z]):([0-9]+|[a-z])\](.*)$/.exec(pattern);
  if (!match) return [pattern];
  const [, before, from, to, after] = match;
  const names: string[] = [];
  if (/^[0-9]+$/.test(from) && /^[0-9]+$/.test(to)) {
    const width = from.length;
    for (let i = Number(from); i <= Number(to); i++) names.push(`${before}${String(i).padStart(width, '0')}`);
  } else {
    for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) names.push(`${before}${String.fromCharCode(c)}`);
  }
  return names.flatMap((name) => expandRange(name + after));
}

/**
 * An ssh destination or host name: never an option (a leading '-', like -oProxyCommand=...),
 * no whitespace, and none of the shell's special characters (ssh hands a ProxyCommand or
 * Match exec to a shell, and a remote name may end up in one).
 */
const HOST_WORD = /^[A-Za-z0-9_.:%][A-Za-z0-9_.:%-]*$/;
/** A host word, user@host, or an ssh://[user@]host[:port] URI. */
const DESTINATION = /^[A-Za-z0-9_.:%][A-Za-z0-9_.:%/@-]*$/;
const USER = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;
const PORT = /^[1-9][0-9]{0,4}$/;

function inventoryValue(file: string, line: number, what: string, value: string, pattern: RegExp, expected: string): string {
  if (!pattern.test(value) || (pattern === PORT && Number(value) > 65535)) {
    throw new Problem(`${file}:${line}: bad ${what} ${JSON.stringify(value)}: expected ${expected}`);
  }
  return value;
}

export function parseInventory(text: string, file = 'inventory'): Inventory {
  const hosts = new Map<string, FleetHost>();
  const groups = new Map<string, { hosts: string[]; children: string[] }>();
  const groupNamed = (name: string) => {
    let group = groups.get(name);
    if (!group) groups.set(name, (group = { hosts: [], children: [] }));
    return group;
  };
  let section: { group: string; kind: 'hosts' | 'children' | 'vars' } = { group: 'ungrouped', kind: 'hosts' };
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[([^\]:\s]+)(?::(children|vars))?\]$/.exec(line);
    if (header) {
      section = { group: header[1], kind: (header[2] as 'children' | 'vars' | undefined) ?? 'hosts' };
      groupNamed(header[1]);
      return;
    }
    if (line.startsWith('[')) throw new Problem(`${file}:${index + 1}: unparsable section header "${line}": expected [group], [group:children] or [group:vars]`);
    if (section.kind === 'vars') return;
    const [first, ...variables] = line.split(/\s+/);
    if (section.kind === 'children') {
      groupNamed(section.group).children.push(first);
      return;
    }
    const settings = Object.fromEntries(variables.filter((v) => v.includes('=')).map((v) => [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)]));
    const check = (what: string, value: string, pattern: RegExp, expected: string) => inventoryValue(file, index + 1, what, value, pattern, expected);
    if (settings.ansible_host) check('ansible_host', settings.ansible_host, HOST_WORD, 'a host name or address (no leading "-", no spaces or shell characters)');
    if (settings.ansible_user) check('ansible_user', settings.ansible_user, USER, 'a user name like admin');
    if (settings.ansible_port) check('ansible_port', settings.ansible_port, PORT, 'a port from 1 to 65535');
    for (const name of expandRange(first)) {
      check('host', name, DESTINATION, 'an ssh destination like ns1 or root@ns1.example.org (no leading "-", no spaces or shell characters)');
      const host = hosts.get(name) ?? { name };
      if (settings.ansible_host) host.hostName = settings.ansible_host;
      if (settings.ansible_user) host.user = settings.ansible_user;
      if (settings.ansible_port) host.port = settings.ansible_port;
      hosts.set(name, host);
      groupNamed(section.group).hosts.push(name);
    }
  });
  return { hosts, groups };
}

/** Every host of a group and of its child groups, in order, each once. */
function groupHosts(inventory: Inventory, group: string, file: string, seen = new Set<string>()): string[] {
  if (group === 'all') return [...inventory.hosts.keys()];
  const found = inventory.groups.get(group);
  if (!found) {
    const known = [...inventory.groups.keys()].join(', ');
    throw new UsageError(`no group "${group}" in ${file}`, known ? `groups there: ${known}` : undefined);
  }
  if (seen.has(group)) throw new Problem(`${file}: group ${group} is its own child`);
  seen.add(group);
  return [...found.hosts, ...found.children.flatMap((child) => groupHosts(inventory, child, file, new Set(seen)))];
}

/**
 * `ns1,ns2,@dns` → the hosts, each once. Names found in the inventory take its settings;
 * other names are ssh destinations as they are.
 */
export function resolveHosts(list: string, inventory: Inventory | undefined, file: string): FleetHost[] {
  const names = list.split(',').map((word) => word.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError(`no hosts in "${list}"`, 'expected -p hosts=HOST,HOST or -p hosts=@GROUP');
  const resolved = new Map<string, FleetHost>();
  for (const word of names) {
    if (word.startsWith('@')) {
      if (!inventory) throw new UsageError(`group ${word} needs an inventory: ${file} does not exist`, 'give one with -p inventory=FILE');
      for (const name of groupHosts(inventory, word.slice(1), file)) resolved.set(name, inventory.hosts.get(name) ?? { name });
      continue;
    }
    if (!DESTINATION.test(word)) throw new UsageError(`bad host "${word}"`, 'expected an ssh destination (ns1, root@ns1.example.org) or @GROUP');
    resolved.set(word, inventory?.hosts.get(word) ?? { name: word });
  }
  return [...resolved.values()];
}
