// iim-tinydns: authoritative DNS data by scripting, over the real tinydns.
import { chapter, defineScript, sourceFileOf } from '../framework/index.js';

export default defineScript({
  name: 'iim-tinydns',
  brief: 'tinydns: setup, records by scripting, data checks, queries',
  describe: `
Dynamic addition of DNS records through scripting, over the real tinydns:
every value is validated before root/data is touched, changes are atomic
and locked, and root/data is compiled with tinydns-data.`,
  sourceFile: sourceFileOf(import.meta.url),
  panel: 'tinydns',
  params: {
    dir: { describe: 'the tinydns service directory (env/, log/, root/data)', default: '/etc/tinydns' },
    serviceDir: { describe: 'where setup links the service', default: '/etc/service' },
  },
  examples: () => [chapter('Records')],
  commands: {},
});
