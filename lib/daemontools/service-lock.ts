// The one lock of a service directory, held around every read-modify-write of its control files
// (env/*, run, log/run, dnscache's root/ip and root/servers, and what its commands edit elsewhere).
import { join } from 'node:path';

/**
 * DIR/.iim.lock: in the service directory itself, which supervise and svscan never read, and
 * not in env/ (envdir would set a variable from any file there it does not skip), nor in
 * root/servers (dnscache reads every file there as a domain), nor root/ip (a client prefix).
 */
export function serviceLockPath(dir: string): string {
  return join(dir, '.iim.lock');
}
