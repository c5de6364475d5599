// The challenge's name from what each client gives, the values accepted, and TXT answers read back.
import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { challengeName, parseChallengeValue, txtAnswer, txtQuery } from '../../../lib/tinydns/acme-challenge.js';

describe('ACME DNS-01 challenge names and values', () => {
  it('names the record _acme-challenge.NAME for a domain, a wildcard, and the FQDN lego gives', () => {
    expect(challengeName('Lab.Test')).toBe('_acme-challenge.lab.test');
    expect(challengeName('*.lab.test')).toBe('_acme-challenge.lab.test');
    expect(challengeName('_acme-challenge.www.lab.test.')).toBe('_acme-challenge.www.lab.test');
    expect(() => challengeName('a..b')).toThrow('bad domain name "a..b": empty label');
  });

  it('accepts base64url values only (":" or a newline would break the data line)', () => {
    expect(parseChallengeValue('LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0')).toBe('LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0');
    for (const bad of ['', 'a:b', 'a\nb', 'a b', 'x'.repeat(256)]) expect(() => parseChallengeValue(bad)).toThrow('bad challenge value');
  });

  it('reads the TXT texts of an authoritative answer, and refuses other answers', () => {
    const name = '_acme-challenge.lab.test';
    const question = dnsPacket.decode(txtQuery(name, 7));
    expect(question.questions).toEqual([{ type: 'TXT', name, class: 'IN' }]);
    const answer = (flags: number, id = 7) => dnsPacket.encode({
      type: 'response', id, flags, questions: question.questions,
      answers: [{ type: 'TXT', name, ttl: 60, data: ['abc'] }, { type: 'TXT', name, ttl: 60, data: ['de', 'f'] }],
    });
    expect(txtAnswer(answer(dnsPacket.AUTHORITATIVE_ANSWER), name, 7)).toEqual({ texts: ['abc', 'def'] });
    expect(txtAnswer(answer(0), name, 7)).toEqual({ error: 'answers, but not authoritatively (not a server of this zone?)' });
    expect(txtAnswer(answer(dnsPacket.AUTHORITATIVE_ANSWER, 8), name, 7)).toEqual({ error: 'answer id 8, not 7' });
    expect(txtAnswer(Buffer.from('xx'), name, 7)).toMatchObject({ error: expect.stringMatching(/^unreadable answer/) });
  });
});
