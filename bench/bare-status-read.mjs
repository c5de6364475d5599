// The bare Node floor for svcStatus: read every DIR/*/supervise/status in one process, print svstat-like lines.
import { closeSync, constants, openSync, readdirSync, readSync } from 'node:fs';

const serviceDir = process.argv[2];
const buffer = Buffer.alloc(18);
const now = Math.floor(Date.now() / 1000);
let out = '';
for (const name of readdirSync(serviceDir).filter((n) => !n.startsWith('.')).sort()) {
  const dir = `${serviceDir}/${name}`;
  try {
    closeSync(openSync(`${dir}/supervise/ok`, constants.O_WRONLY | constants.O_NONBLOCK)); // like svok
  } catch {
    out += `${name}: supervise not running\n`;
    continue;
  }
  const fd = openSync(`${dir}/supervise/status`, 'r');
  readSync(fd, buffer, 0, 18, 0);
  closeSync(fd);
  const seconds = now - (buffer.readUInt32BE(4) - 10); // low 32 bits of TAI64 seconds suffice until 2106
  const pid = buffer.readUInt32LE(12);
  out += `${name}: ${pid ? `up (pid ${pid})` : 'down'} ${seconds} seconds\n`;
}
process.stdout.write(out);
