import { describe, expect, it } from 'vitest';
import { parseInventory, resolveHosts } from '../../../framework/hosts/inventory.js';

const text = `
# an Ansible inventory, unchanged
gw.example.org

[dns]
ns1 ansible_host=192.0.2.53 ansible_user=admin
ns2 ansible_port=2222

[web]
web[01:03]

[site:children]
dns
web

[site:vars]
ntp=ntp.example.org
`;

describe('inventory', () => {
  const inventory = parseInventory(text, 'hosts');

  it('resolves @group with its children, each host once, with ansible_host/user/port', () => {
    expect(resolveHosts('@site,ns1,other', inventory, 'hosts')).toEqual([
      { name: 'ns1', hostName: '192.0.2.53', user: 'admin' },
      { name: 'ns2', port: '2222' },
      { name: 'web01' }, { name: 'web02' }, { name: 'web03' },
      { name: 'other' },
    ]);
    expect(resolveHosts('@all', inventory, 'hosts').map((h) => h.name)).toEqual(['gw.example.org', 'ns1', 'ns2', 'web01', 'web02', 'web03']);
  });

  it('says what is wrong: an unknown group, a group without inventory, a bad destination', () => {
    expect(() => resolveHosts('@mail', inventory, 'hosts')).toThrow('no group "mail" in hosts');
    expect(() => resolveHosts('@dns', undefined, '/x/hosts')).toThrow('group @dns needs an inventory: /x/hosts does not exist');
    expect(() => resolveHosts('-oProxyCommand=x', inventory, 'hosts')).toThrow('bad host "-oProxyCommand=x"');
    expect(() => parseInventory('[dns\nns1', 'hosts')).toThrow('hosts:1: unparsable section header "[dns"');
  });
});

describe('inventory host names that ssh would read as options or a shell would read as code', () => {
  it.each([
    ['-F/path', 'bad host "-F/path"'],
    ['-oProxyCommand=touch/tmp/x', 'bad host "-oProxyCommand=touch/tmp/x"'],
    ['ns1;reboot', 'bad host "ns1;reboot"'],
    ['ns$(id)', 'bad host "ns$(id)"'],
    ['ns1 ansible_host=-oProxyCommand=x', 'bad ansible_host "-oProxyCommand=x"'],
    ['ns1 ansible_host=a`id`', 'bad ansible_host "a`id`"'],
    ['ns1 ansible_user=-oX', 'bad ansible_user "-oX"'],
    ['ns1 ansible_port=22;x', 'bad ansible_port "22;x"'],
    ['ns1 ansible_port=70000', 'bad ansible_port "70000"'],
  ])('refuses the line %j, naming file and line', (line, message) => {
    expect(() => parseInventory(`[dns]\n${line}\n`, 'hosts')).toThrow(`hosts:2: ${message}`);
  });

  it('refuses the same words in -p hosts=, and accepts user@host, addresses and ssh:// destinations', () => {
    for (const word of ['-F/path', 'ns1;reboot', 'a|b', "ns'1"]) {
      expect(() => resolveHosts(word, undefined, 'hosts')).toThrow(`bad host "${word}"`);
    }
    expect(resolveHosts('root@ns1.example.org,127.0.0.1,ssh://admin@ns2:2222,fe80::1%eth0', undefined, 'hosts').map((h) => h.name))
      .toEqual(['root@ns1.example.org', '127.0.0.1', 'ssh://admin@ns2:2222', 'fe80::1%eth0']);
  });
});
