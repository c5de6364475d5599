import { describe, expect, it } from 'vitest';
import { basicCredentials, parseUpdateQuery, replyLine } from '../../../lib/dyndns/protocol.js';

const parse = (query: string, peer = '127.0.0.1') => parseUpdateQuery(new URLSearchParams(query), peer);

describe('dyndns2 requests', () => {
  it('reads hostnames and the address ddclient sends', () => {
    expect(parse('system=dyndns&hostname=A.dyn.test,b.dyn.test.&myip=192.0.2.1')).toEqual({ ok: true, hostnames: ['a.dyn.test', 'b.dyn.test'], addresses: { v4: '192.0.2.1' } });
  });
  it('takes myip=V4,V6 in one parameter (ddclient#762) and myipv6=', () => {
    expect(parse('hostname=a.dyn.test&myip=192.0.2.1,2001:DB8:0::1')).toMatchObject({ addresses: { v4: '192.0.2.1', v6: '2001:db8::1' } });
    expect(parse('hostname=a.dyn.test&myipv6=2001:db8::2')).toMatchObject({ addresses: { v6: '2001:db8::2' } });
  });
  it('uses the client address when myip is empty, as ddclient sends it without an IP', () => {
    expect(parse('hostname=a.dyn.test&myip=', '::ffff:192.0.2.9')).toMatchObject({ addresses: { v4: '192.0.2.9' } });
  });
  it('names the code of each refusal', () => {
    expect(parse('myip=192.0.2.1')).toMatchObject({ ok: false, code: 'notfqdn' });
    expect(parse('hostname=localhost&myip=192.0.2.1')).toMatchObject({ ok: false, code: 'notfqdn' });
    expect(parse('hostname=a_b.dyn.test&myip=192.0.2.1')).toMatchObject({ ok: false, code: 'notfqdn' });
    expect(parse('hostname=a.dyn.test&myip=192.0.2.300')).toMatchObject({ ok: false, code: 'dnserr' });
    expect(parse('hostname=a.dyn.test&myip=192.0.2.1,192.0.2.2')).toMatchObject({ ok: false, code: 'dnserr' });
    expect(parse(`hostname=${Array.from({ length: 21 }, (_, i) => `h${i}.dyn.test`).join(',')}&myip=192.0.2.1`)).toMatchObject({ ok: false, code: 'numhost' });
  });
  it('refuses addresses no host has: 0.0.0.0, ::, an IPv4-mapped IPv6, a range, more than one v4 and one v6', () => {
    for (const myip of ['0.0.0.0', '::', '::ffff:192.0.2.1', '::ffff:c000:201', '192.0.2.0/24', '192.0.2.1-192.0.2.9', '255.255.255.255']) {
      expect(parse(`hostname=a.dyn.test&myip=${encodeURIComponent(myip)}`), myip).toMatchObject({ ok: false, code: 'dnserr' });
    }
    expect(parse('hostname=a.dyn.test&myip=192.0.2.1,192.0.2.1,2001:db8::1')).toMatchObject({ ok: false, code: 'dnserr', why: expect.stringContaining('3 addresses') });
    expect(parse('hostname=a.dyn.test&myip=192.0.2.1&myip=192.0.2.1')).toMatchObject({ ok: false, code: 'dnserr' });
  });
  it('refuses a repeated hostname parameter rather than answering for its first', () => {
    expect(parse('hostname=a.dyn.test&hostname=b.dyn.test&myip=192.0.2.1')).toMatchObject({ ok: false, code: 'notfqdn', why: expect.stringContaining('2 hostname parameters') });
  });
  it('refuses names that could break a data line or are not LDH: newline, colon, backslash, NUL, IDN, 300 characters', () => {
    for (const name of ['a.dyn.test\n+evil.test:1.2.3.4', 'a.dyn.test:1.2.3.4', 'a\\072.dyn.test', 'a\0.dyn.test', 'bücher.dyn.test', `${'a'.repeat(63)}.`.repeat(5) + 'test', '*.dyn.test', '..dyn.test']) {
      expect(parse(`hostname=${encodeURIComponent(name.replace('\\n', '\n').replace('\\0', '\0'))}&myip=192.0.2.1`), name).toMatchObject({ ok: false, code: 'notfqdn' });
    }
    expect(parse('hostname=A.Dyn.Test.&myip=192.0.2.1')).toMatchObject({ ok: true, hostnames: ['a.dyn.test'] });
  });
  it('reads Basic credentials, a colon in the password included', () => {
    expect(basicCredentials(`Basic ${Buffer.from('home:a:b').toString('base64')}`)).toEqual({ user: 'home', password: 'a:b' });
    expect(basicCredentials('Bearer x')).toBeUndefined();
    expect(basicCredentials(`Basic ${Buffer.from('nocolon').toString('base64')}`)).toBeUndefined();
  });
  it('writes reply lines as ddclient parses them', () => {
    expect(replyLine('good', { v4: '192.0.2.1', v6: '2001:db8::1' })).toBe('good 192.0.2.1,2001:db8::1');
    expect(replyLine('!yours')).toBe('!yours');
  });
});
