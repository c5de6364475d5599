// Log lines written by the real dnscache 1.05 (Debian 12) for dnsip/dnsmx/dnsname/dnsqr queries
// through a local tinydns; kept verbatim so the parser is tested on the real format.
export const realLog = `starting
query 1 7f000001:8f06:b279 1 www.example.test.
tx 0 1 www.example.test. . 7f3d0001
rr 7f3d0001 86400 1 www.example.test. 0a010203
rr 7f3d0001 259200 1 a.ns.example.test. 7f3d0001
rr 7f3d0001 259200 ns example.test. a.ns.example.test.
stats 1 144 1 0
sent 1 50
query 2 7f000001:b181:196b 1 www.example.test.
cached 1 www.example.test.
sent 2 50
query 3 7f000001:b590:a277 15 example.test.
cached ns example.test. a.ns.example.test.
cached 1 a.ns.example.test.
tx 0 15 example.test. example.test. 7f3d0001
rr 7f3d0001 259200 1 a.ns.example.test. 7f3d0001
rr 7f3d0001 86400 mx example.test. 10 mx.example.test.
stats 3 244 1 0
sent 3 49
query 4 7f000001:7634:f49c 1 nope.example.test.
cached ns example.test. a.ns.example.test.
cached 1 a.ns.example.test.
tx 0 1 nope.example.test. example.test. 7f3d0001
nxdomain 7f3d0001 2560 nope.example.test.
sent 4 35
query 5 7f000001:1aa8:edd9 1 example.test.
tx 0 1 example.test. example.test. 7f3d0001
nodata 7f3d0001 2560 1 example.test.
stats 5 321 1 0
sent 5 30
query 6 7f000001:ce95:1808 12 3.2.1.10.in-addr.arpa.
rr 7f3d0001 86400 ptr 3.2.1.10.in-addr.arpa. www.example.test.
sent 6 69
query 7 7f000001:356a:c3b0 255 example.test.
cached 2 example.test.
sent 7 49
`;
