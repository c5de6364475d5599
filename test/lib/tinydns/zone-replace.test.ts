// withoutZoneLines: which lines of a data text are a zone's own (names at or below it, not in
// another zone served below it), and that the kept ones and every other line stay in place.
import { describe, expect, it } from 'vitest';
import { withoutZoneLines } from '../../../lib/tinydns/zone-replace.js';

const text = [
  '# a comment about example.test',
  '.example.test:10.0.0.1:a:259200',
  '+www.example.test:10.0.0.80:86400',
  '=Mail.Example.Test.:10.0.0.25:86400',
  '+caf\\303\\251.example.test:10.0.0.81:86400',
  '&child.example.test:10.0.0.53:a:259200',
  '.served.example.test:10.0.0.1:a:259200',
  '+www.served.example.test:10.0.0.90:86400',
  '+www.example.test.other:10.0.0.91:86400',
  '%in:10.0',
  '-www.example.test:10.0.0.99:86400',
  '',
].join('\n');

describe('withoutZoneLines', () => {
  it("removes the zone's record lines (escaped and mixed-case names too) and keeps other zones, comments, locations and ignored lines in place", () => {
    const { text: after, removed } = withoutZoneLines(text, 'example.test', ['+www.example.test:10.0.0.80:86400']);
    expect(removed).toEqual(['.example.test:10.0.0.1:a:259200', '=Mail.Example.Test.:10.0.0.25:86400', '+caf\\303\\251.example.test:10.0.0.81:86400', '&child.example.test:10.0.0.53:a:259200']);
    expect(after).toBe(
      [
        '# a comment about example.test',
        '+www.example.test:10.0.0.80:86400',
        '.served.example.test:10.0.0.1:a:259200',
        '+www.served.example.test:10.0.0.90:86400',
        '+www.example.test.other:10.0.0.91:86400',
        '%in:10.0',
        '-www.example.test:10.0.0.99:86400',
        '',
      ].join('\n'),
    );
  });

  it('gives the text back as it is when the zone has no lines there', () => {
    expect(withoutZoneLines(text, 'nothing.test', [])).toEqual({ text, removed: [] });
  });

  it('the root zone holds every name no other served zone holds', () => {
    const { removed } = withoutZoneLines('.:10.0.0.1:a:259200\n+a.test:10.0.0.2:86400\n.x.test:10.0.0.1:a:259200\n+b.x.test:10.0.0.3:86400\n', '', []);
    expect(removed).toEqual(['.:10.0.0.1:a:259200', '+a.test:10.0.0.2:86400']);
  });
});
