// The djb programs the scripts drive, and the Debian package that installs each (Debian 12).
export const DJB_PROGRAMS: Readonly<Record<string, string>> = {
  svscan: 'daemontools', supervise: 'daemontools', svc: 'daemontools', svok: 'daemontools', svstat: 'daemontools',
  multilog: 'daemontools', envdir: 'daemontools', setuidgid: 'daemontools', softlimit: 'daemontools', tai64nlocal: 'daemontools',
  tcpserver: 'ucspi-tcp', tcprules: 'ucspi-tcp',
  tinydns: 'tinydns', 'tinydns-data': 'tinydns', 'tinydns-get': 'tinydns',
  dnscache: 'dnscache',
  'tinydns-conf': 'djbdns-conf', 'dnscache-conf': 'djbdns-conf',
  dnsip: 'djbdns-utils', dnsq: 'djbdns-utils', dnsqr: 'djbdns-utils',
};
