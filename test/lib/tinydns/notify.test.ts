import { describe, expect, it } from 'vitest';
import { notifyAnswerProblem, notifyMessage } from '../../../lib/tinydns/notify.js';

describe('NOTIFY messages', () => {
  it('opcode NOTIFY (4) with AA, one question ZONE SOA IN', () => {
    const message = notifyMessage('example.test', 0x1234);
    expect(message.toString('hex')).toBe('1234' + '2400' + '0001000000000000' + '076578616d706c6504746573740000060001');
  });
  it('an answer acknowledges only with QR, the same id, opcode NOTIFY and NOERROR', () => {
    const answer = Buffer.from(notifyMessage('example.test', 7));
    expect(notifyAnswerProblem(answer, 'example.test', 7)).toBe('not a response');
    answer[2] |= 0x80;
    expect(notifyAnswerProblem(answer, 'example.test', 7)).toBeUndefined();
    expect(notifyAnswerProblem(answer, 'example.test', 8)).toBe('answer id 7, not 8');
    const refused = Buffer.from(answer);
    refused[3] |= 5;
    expect(notifyAnswerProblem(refused, 'example.test', 7)).toBe('refused: REFUSED');
  });
});
