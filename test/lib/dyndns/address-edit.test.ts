import { describe, expect, it } from 'vitest';
import { applyAddressUpdates } from '../../../lib/dyndns/address-edit.js';

const data = ['.dyn.test:127.0.0.1:a:259200', '=home.dyn.test:10.0.0.1:86400', '+home.dyn.test:192.0.2.1:60', '+home.dyn.test:192.0.2.9:60', '+lo.dyn.test:10.1.1.1:60::in', '+other.dyn.test:192.0.2.5:60', ''].join('\n');

describe('dyndns edits of root/data', () => {
  it('replaces only the + lines of the name, keeping = lines and other names', () => {
    const edit = applyAddressUpdates(data, [{ name: 'home.dyn.test', family: 'v4', ip: '192.0.2.7' }], 60);
    expect(edit.unchanged).toEqual([false]);
    expect(edit.text).toBe(['.dyn.test:127.0.0.1:a:259200', '=home.dyn.test:10.0.0.1:86400', '+home.dyn.test:192.0.2.7:60', '+lo.dyn.test:10.1.1.1:60::in', '+other.dyn.test:192.0.2.5:60', ''].join('\n'));
  });
  it('says nochg when the one line already has the address, and returns no text', () => {
    expect(applyAddressUpdates(data, [{ name: 'other.dyn.test', family: 'v4', ip: '192.0.2.5' }], 60)).toEqual({ unchanged: [true] });
  });
  it('appends a new name, an AAAA as a generic type 28 line; leaves lines with a location alone', () => {
    const edit = applyAddressUpdates(data, [{ name: 'new.dyn.test', family: 'v6', ip: '2001:db8::1' }, { name: 'lo.dyn.test', family: 'v4', ip: '10.2.2.2' }], 300);
    expect(edit.text!.split('\n').slice(-4)).toEqual(['+other.dyn.test:192.0.2.5:60', ':new.dyn.test:28:\\040\\001\\015\\270\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\001:300', '+lo.dyn.test:10.2.2.2:300', '']);
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
