import { describe, expect, it } from 'vitest';
import { editAxfrRules, parseAxfrZones, readAxfrRules } from '../../../lib/tinydns/axfr-rules.js';

const CONF = '# sample line:  1.2.3.4:allow,AXFR="heaven.af.mil/3.2.1.in-addr.arpa"\n:deny\n';

describe('axfrdns tcp rules', () => {
  it('allow lines go before :deny, and a second allow adds zones to the IP\'s line', () => {
    const once = editAxfrRules(CONF, '10.0.3.54', ['example.test']);
    expect(once).toBe('# sample line:  1.2.3.4:allow,AXFR="heaven.af.mil/3.2.1.in-addr.arpa"\n10.0.3.54:allow,AXFR="example.test"\n:deny\n');
    const twice = editAxfrRules(once, '10.0.3.54', ['2.0.10.in-addr.arpa', 'example.test']);
    expect(readAxfrRules(twice)).toEqual([{ ip: '10.0.3.54', zones: ['example.test', '2.0.10.in-addr.arpa'] }]);
  });
  it('deny removes the line and keeps :deny; bad IPs and zones are refused', () => {
    expect(editAxfrRules(editAxfrRules(CONF, '10.0.3.54', ['example.test']), '10.0.3.54', undefined)).toBe(CONF);
    expect(() => editAxfrRules(CONF, '10.0.3.054', ['example.test'])).toThrow(/leading zero/);
    expect(() => parseAxfrZones(['exa"mple.test'])).toThrow(/bad zone/);
    expect(() => parseAxfrZones(['*.example.test'])).toThrow(/wildcard/);
    expect(parseAxfrZones(['Example.Test.', 'example.test'])).toEqual(['example.test']);
  });
});
