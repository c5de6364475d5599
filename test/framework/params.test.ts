import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../framework/params.js';
import sample from '../fixtures/sample-script.js';

describe('parameters', () => {
  it('applies defaults, then -p, and says where each value came from', () => {
    const { values, sources } = resolveParams(sample.params!, [['colour', 'red'], ['owner', 'me']]);
    expect(values).toMatchObject({ colour: 'red', dir: '/nonexistent', label: 'red-label', owner: 'me', format: 'text' });
    expect(sources).toMatchObject({ colour: '-p', dir: 'default', label: 'default' });
  });

  it('suggests close names for an unknown parameter', () => {
    expect(() => resolveParams(sample.params!, [['colur', 'red']])).toThrow(/unknown parameter "colur"/);
    try {
      resolveParams(sample.params!, [['colur', 'red']]);
    } catch (error) {
      expect((error as { hint: string }).hint).toContain('colour');
    }
  });

  it('refuses values outside the choices or failing validation', () => {
    expect(() => resolveParams(sample.params!, [['colour', 'green']])).toThrow(/bad value "green" for parameter colour/);
    expect(() => resolveParams(sample.params!, [['count', '1x']])).toThrow(/expected digits/);
    expect(() => resolveParams(sample.params!, [['format', 'xml']])).toThrow(
      expect.objectContaining({ message: 'bad value "xml" for parameter format', hint: 'expected one of: text, json' }),
    );
  });

  it('lists mandatory parameters that were not given', () => {
    expect(resolveParams(sample.params!, []).missingMandatory).toEqual(['owner']);
  });
});
