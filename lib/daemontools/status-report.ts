// svcStatus's words: svstat's line for the service and its logger, or one JSON object per service.
import { formatSvstatLine, type SuperviseStatus } from './supervise-status.js';

/** `NAME: up (pid 12) 40 seconds, normally down; log: up (pid 13) 40 seconds` */
export function statusLine(status: SuperviseStatus): string {
  let line = formatSvstatLine(status, status.name);
  if (status.restarting) line += `, restarting: ${status.restarting.starts} starts in ${status.restarting.seconds} s`;
  return status.log ? `${line}; ${formatSvstatLine(status.log, 'log')}` : line;
}

export interface StatusObject {
  name: string;
  state: 'up' | 'down';
  pid: number | null;
  seconds: number;
  supervised: boolean;
  normallyUp: boolean;
  paused: boolean;
  wanted: 'up' | 'down';
  problem?: string;
  /** Seen exiting and starting again while watched (a crash loop). */
  restarting?: { starts: number; seconds: number };
  log: Omit<StatusObject, 'log' | 'name'> | null;
}

function fields(s: SuperviseStatus): Omit<StatusObject, 'log' | 'name'> {
  const object: Omit<StatusObject, 'log' | 'name'> = {
    state: s.state, pid: s.pid || null, seconds: s.seconds, supervised: s.supervised,
    normallyUp: s.normallyUp, paused: s.paused, wanted: s.wanted,
  };
  if (s.problem !== undefined) object.problem = s.problem;
  if (s.restarting !== undefined) object.restarting = s.restarting;
  return object;
}

export function statusObject(status: SuperviseStatus): StatusObject {
  return { name: status.name, ...fields(status), log: status.log ? fields(status.log) : null };
}
