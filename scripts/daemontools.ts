// iim-daemontools: supervise services with the real daemontools (svscan, supervise, svc, svstat, multilog, envdir).
import { chapter, defineScript, section, sourceFileOf } from '../framework/index.js';

export default defineScript({
  name: 'iim-daemontools',
  brief: 'daemontools: scanner, services, control, status, file variables, logs',
  describe: `
Drives the real daemontools programs: a private svscan over a service directory,
service directories with run, log/run (multilog) and env/ (envdir file variables),
control through svc, status read straight from supervise/status.

File variables are the simplest control method: one file per variable in env/,
the file's name is the variable, its first line the value (envdir).`,
  sourceFile: sourceFileOf(import.meta.url),
  panel: 'daemontools',
  params: {
    serviceDir: { describe: 'the directory svscan scans', default: '/etc/service' },
    svcBase: { describe: 'where service directories made by this script live', default: '/var/lib/iim/services' },
  },
  packages: {},
  examples: () => [chapter('Scanner'), section('Status')],
  commands: {},
});
