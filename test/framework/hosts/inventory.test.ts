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
