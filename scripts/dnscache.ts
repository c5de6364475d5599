// iim-dnscache: the caching resolver: clients, local resolutions bypass, file variables, logs.
import { chapter, defineScript, sourceFileOf } from '../framework/index.js';

export default defineScript({
  name: 'iim-dnscache',
  brief: 'dnscache: clients, forwarders, file variables, resolv.conf, logs',
  describe: `
Control of the real dnscache through daemontools: which clients it answers
(root/ip), local resolutions bypass (root/servers), file variables (env/),
the resolver file, and a summary of its log.`,
  sourceFile: sourceFileOf(import.meta.url),
  panel: 'dnscache',
  params: {
    dir: { describe: 'the dnscache service directory (env/, root/ip, root/servers, log/)', default: '/etc/dnscache' },
    serviceDir: { describe: 'where setup links the service', default: '/etc/service' },
    resolvConf: { describe: 'the resolver file to point at this cache', default: '/etc/resolv.conf' },
  },
  examples: () => [chapter('Clients')],
  commands: {},
});
