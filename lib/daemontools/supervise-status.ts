// What svstat knows about a service, read straight from DIR/supervise/* in this process.
// Synchronous on purpose: hundreds of services cost a few syscalls each, no child processes.

import { closeSync, constants, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseTai64n } from './tai64n.js';

export interface SuperviseStatus {
  name: string;
  /** supervise runs for this directory (svok would exit 0). */
  supervised: boolean;
  state: 'up' | 'down';
  /** 0 when down or unknown. */
  pid: number;
  /** Seconds since the last change, as svstat prints them. */
  seconds: number;
  /** No `down` file: supervise starts the service when it starts. */
  normallyUp: boolean;
  paused: boolean;
  wanted: 'up' | 'down';
  /** svstat's own words when it could not read the state (`unable to chdir: file does not exist`). */
  problem?: string;
  /** The same for DIR/log, when that directory exists. */
  log?: SuperviseStatus;
  /** Set by restart-loop.ts's markRestarting: it was seen exiting and starting again. */
  restarting?: { starts: number; seconds: number };
}

export const STATUS_LENGTH = 18;

// daemontools' error_str wording for the errors a status read meets.
const djbErrorText: Record<string, string> = {
  ENOENT: 'file does not exist',
  EACCES: 'access denied',
  ENOTDIR: 'not a directory',
  ENXIO: 'device not configured',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
};

function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return djbErrorText[code] ?? (error as Error).message;
}

/** The fields of an 18-byte supervise/status file. */
export interface StatusRecord {
  changedUnixSeconds: number;
  pid: number;
  paused: boolean;
  wanted: 'up' | 'down';
}

export function decodeStatus(bytes: Uint8Array): StatusRecord {
  // pid is little-endian, unlike the big-endian TAI64N label before it (supervise.c pidchange).
  const pid = (bytes[12] | (bytes[13] << 8) | (bytes[14] << 16) | (bytes[15] << 24)) >>> 0;
  return {
    changedUnixSeconds: parseTai64n(bytes.subarray(0, 12)).unixSeconds,
    pid,
    paused: bytes[16] !== 0,
    wanted: bytes[17] === 0x75 /* 'u' */ ? 'up' : 'down',
  };
}

/** Does supervise run here? Like svok: open supervise/ok for writing without blocking. */
export function superviseRunning(dir: string): boolean {
  return probeOk(dir) === true;
}

/** true: running; false: FIFO without reader (ENXIO); string: svstat's complaint. */
function probeOk(dir: string): true | false | string {
  let fd: number;
  try {
    fd = openSync(join(dir, 'supervise/ok'), constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENXIO') return false;
    return `unable to open supervise/ok: ${errorText(error)}`;
  }
  closeSync(fd);
  return true;
}

const statusBuffer = Buffer.alloc(STATUS_LENGTH + 1);

function readStatusFile(dir: string): StatusRecord | string {
  let fd: number;
  try {
    fd = openSync(join(dir, 'supervise/status'), constants.O_RDONLY);
  } catch (error) {
    return `unable to open supervise/status: ${errorText(error)}`;
  }
  try {
    const n = readSync(fd, statusBuffer, 0, STATUS_LENGTH + 1, 0);
    if (n < STATUS_LENGTH) return 'unable to read supervise/status: bad format';
    return decodeStatus(statusBuffer);
  } catch (error) {
    return `unable to read supervise/status: ${errorText(error)}`;
  } finally {
    closeSync(fd);
  }
}

function notKnown(name: string, normallyUp: boolean, supervised: boolean, problem?: string): SuperviseStatus {
  const status: SuperviseStatus = {
    name, supervised, state: 'down', pid: 0, seconds: 0, normallyUp, paused: false, wanted: 'down',
  };
  if (problem !== undefined) status.problem = problem;
  return status;
}

/**
 * The status of one service directory (and of DIR/log when it exists), read as svstat reads it.
 * `nowSeconds` lets a caller reading many services use one clock reading.
 */
export function readServiceStatus(dir: string, name = dir, nowSeconds = Math.floor(Date.now() / 1000)): SuperviseStatus {
  const status = readOne(dir, name, nowSeconds);
  const logDir = join(dir, 'log');
  if (isDirectory(logDir)) status.log = readOne(logDir, `${name}/log`, nowSeconds);
  return status;
}

function statOrUndefined(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR and the like: nothing there for us
  }
}

function isDirectory(path: string): boolean {
  return statOrUndefined(path)?.isDirectory() ?? false;
}

function readOne(dir: string, name: string, nowSeconds: number): SuperviseStatus {
  const stats = statOrUndefined(dir);
  if (!stats?.isDirectory()) {
    const why = stats ? 'not a directory' : 'file does not exist';
    return notKnown(name, false, false, `unable to chdir: ${why}`);
  }
  const normallyUp = !existsSync(join(dir, 'down'));
  const ok = probeOk(dir);
  if (ok !== true) return notKnown(name, normallyUp, false, ok === false ? undefined : ok);
  const record = readStatusFile(dir);
  if (typeof record === 'string') return notKnown(name, normallyUp, true, record);
  return {
    name,
    supervised: true,
    state: record.pid ? 'up' : 'down',
    pid: record.pid,
    // svstat clamps a change "in the future" to now.
    seconds: Math.max(0, nowSeconds - record.changedUnixSeconds),
    normallyUp,
    paused: record.paused,
    wanted: record.wanted,
  };
}

/** Every service in a directory like /etc/service, sorted by name, dot files skipped. */
export function readServiceDirStatuses(serviceDir: string): SuperviseStatus[] {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const entries = readdirSync(serviceDir).filter((entry) => !entry.startsWith('.')).sort();
  // A stopped supervise answers ENXIO, which Node throws; without stack traces a throw is cheap.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return entries.map((entry) => readServiceStatus(join(serviceDir, entry), entry, nowSeconds));
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** The line svstat prints for `path` (svstat.c: doit). */
export function formatSvstatLine(status: SuperviseStatus, path: string): string {
  return `${path}: ${describeStatus(status)}`;
}

function describeStatus(s: SuperviseStatus): string {
  if (s.problem !== undefined) return s.problem;
  if (!s.supervised) return 'supervise not running';
  let text = s.pid ? `up (pid ${s.pid}) ` : 'down ';
  text += `${s.seconds} seconds`;
  if (s.pid && !s.normallyUp) text += ', normally down';
  if (!s.pid && s.normallyUp) text += ', normally up';
  if (s.pid && s.paused) text += ', paused';
  if (!s.pid && s.wanted === 'up') text += ', want up';
  if (s.pid && s.wanted === 'down') text += ', want down';
  return text;
}
