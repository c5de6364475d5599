import { describe, expect, it } from 'vitest';
import { applyAddressUpdates } from '../../../lib/dyndns/address-edit.js';

const data = ['.dyn.test:127.0.0.1:a:259200', '=home.dyn.test:10.0.0.1:86400', '+home.dyn.test:192.0.2.1:60', '+home.dyn.test:192.0.2.9:60', '+lo.dyn.test:10.1.1.1:60::in', '+other.dyn.test:192.0.2.5:60', ''].join('\n');

describe('dyndns edits of root/data', () => {
  it('replaces only the + lines of the name, keeping other names', () => {
    const edit = applyAddressUpdates(data.replace('=home.dyn.test:10.0.0.1:86400\n', ''), [{ name: 'home.dyn.test', family: 'v4', ip: '192.0.2.7' }], 60);
    expect(edit.unchanged).toEqual([false]);
    expect(edit.text).toBe(['.dyn.test:127.0.0.1:a:259200', '+home.dyn.test:192.0.2.7:60', '+lo.dyn.test:10.1.1.1:60::in', '+other.dyn.test:192.0.2.5:60', ''].join('\n'));
  });
  it('never touches a name that has other records (=, CNAME, MX, NS, TXT, a located +, another generic type): refused, text unchanged', () => {
    const others = ['=home.dyn.test:10.0.0.1:86400', 'Chome.dyn.test:target.dyn.test:60', '@home.dyn.test::mx.dyn.test:10:60', '&home.dyn.test:10.0.0.2:ns.dyn.test:60', "'home.dyn.test:text:60", '+home.dyn.test:10.1.1.1:60::in', ':home.dyn.test:99:\\001:60', '+\\150ome.dyn.test:10.0.0.3:60', '+HOME\\056dyn.test:10.0.0.4:60', 'ZHome.Dyn.Test.:ns.dyn.test.:hostmaster.dyn.test.'];
    for (const other of others) {
      const text = ['.dyn.test:127.0.0.1:a:259200', '+home.dyn.test:192.0.2.1:60', other, '+next.dyn.test:192.0.2.5:60', ''].join('\n');
      const edit = applyAddressUpdates(text, [{ name: 'home.dyn.test', family: 'v4', ip: '192.0.2.7' }, { name: 'next.dyn.test', family: 'v4', ip: '192.0.2.8' }], 60);
      expect(edit.refused, other).toEqual([true, false]);
      expect(edit.text, other).toBe(text.replace('192.0.2.5', '192.0.2.8'));
    }
    const commented = applyAddressUpdates('#home.dyn.test:anything\n-home.dyn.test:10.0.0.9:60\n', [{ name: 'home.dyn.test', family: 'v4', ip: '192.0.2.7' }], 60);
    expect(commented).toMatchObject({ refused: [false], text: '#home.dyn.test:anything\n-home.dyn.test:10.0.0.9:60\n+home.dyn.test:192.0.2.7:60\n' });
  });
  it('says nochg when the one line already has the address, and returns no text', () => {
    expect(applyAddressUpdates(data, [{ name: 'other.dyn.test', family: 'v4', ip: '192.0.2.5' }], 60)).toEqual({ unchanged: [true], refused: [false] });
  });
  it('appends a new name, an AAAA as a generic type 28 line; refuses a name with a located line, leaving it alone', () => {
    const edit = applyAddressUpdates(data, [{ name: 'new.dyn.test', family: 'v6', ip: '2001:db8::1' }, { name: 'lo.dyn.test', family: 'v4', ip: '10.2.2.2' }], 300);
    expect(edit.refused).toEqual([false, true]);
    expect(edit.text!.split('\n').slice(-3)).toEqual(['+other.dyn.test:192.0.2.5:60', ':new.dyn.test:28:\\040\\001\\015\\270\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\001:300', '']);
    expect(edit.text).toContain('+lo.dyn.test:10.1.1.1:60::in');
  });
  it('lets the last of two updates of one name win', () => {
    const edit = applyAddressUpdates(data, [{ name: 'other.dyn.test', family: 'v4', ip: '192.0.2.6' }, { name: 'other.dyn.test', family: 'v4', ip: '192.0.2.8' }], 60);
    expect(edit.text).toContain('+other.dyn.test:192.0.2.8:60');
    expect(edit.text).not.toContain('192.0.2.6');
  });
  it('finds a name written in capitals or with a trailing dot, beside any other text', () => {
    const odd = "'t.dyn.test:İstanbul:60\n+HOME.dyn.test.:192.0.2.1:60\n+other.dyn.test:192.0.2.5:60\n";
    expect(applyAddressUpdates(odd, [{ name: 'home.dyn.test', family: 'v4', ip: '192.0.2.2' }], 60).text).toBe("'t.dyn.test:İstanbul:60\n+home.dyn.test:192.0.2.2:60\n+other.dyn.test:192.0.2.5:60\n");
    expect(applyAddressUpdates(odd.replace('İ', 'I'), [{ name: 'home.dyn.test', family: 'v4', ip: '192.0.2.2' }], 60).text).toBe("'t.dyn.test:Istanbul:60\n+home.dyn.test:192.0.2.2:60\n+other.dyn.test:192.0.2.5:60\n");
  });
});
