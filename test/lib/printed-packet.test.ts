import { describe, expect, it } from 'vitest';
import { emptyAnswerComplaint, readPrintedPacket } from '../../lib/printed-packet.js';

// As Debian's tinydns-get and dnsqr print them (djbdns printpacket.c).
const nxdomain = `1 nope.lab.test:
83 bytes, 1+0+1+0 records, response, authoritative, nxdomain
query: 1 nope.lab.test
authority: lab.test 2560 SOA a.ns.lab.test hostmaster.lab.test 1796121157 16384 2048 1048576 2560
`;
const noMx = `15 www.lab.test:
82 bytes, 1+0+1+0 records, response, authoritative, noerror
query: 15 www.lab.test
authority: lab.test 2560 SOA a.ns.lab.test hostmaster.lab.test 1796121157 16384 2048 1048576 2560
`;
const answered = `1 www.lab.test:
46 bytes, 1+1+0+0 records, response, authoritative, noerror
query: 1 www.lab.test
answer: www.lab.test 300 A 10.1.1.1
`;

describe('emptyAnswerComplaint', () => {
  it('says NXDOMAIN, an empty type, or nothing when there are answers', () => {
    expect(readPrintedPacket(nxdomain)).toEqual({ rcode: 'nxdomain', answers: 0 });
    expect(emptyAnswerComplaint(nxdomain, 'a', 'nope.lab.test')).toBe('no such name nope.lab.test (NXDOMAIN)');
    expect(emptyAnswerComplaint(noMx, 'mx', 'www.lab.test')).toBe('no MX record for www.lab.test');
    expect(emptyAnswerComplaint(answered, 'a', 'www.lab.test')).toBeUndefined();
  });
  it('reads a packet that was not answered (tinydns-get outside its zones) as no answer', () => {
    expect(readPrintedPacket('1 www.other.test:\n')).toBeUndefined();
    expect(emptyAnswerComplaint('1 www.other.test:\n', 'a', 'www.other.test')).toBe('no answer for www.other.test');
  });
});
