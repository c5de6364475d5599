// iim-daemontools logs: a service's multilog current file, its last lines and following it across rotation.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { problem } from '../../framework/problems.js';
import { followLog, lastLines, toLocalTimes } from '../../lib/daemontools/log-view.js';
import { serviceDirOf } from '../../lib/daemontools/service-paths.js';
import { type Run } from './service-entries.js';

function validateLineCount(text: string): number {
  if (!/^[1-9][0-9]{0,6}$/.test(text)) problem('bad line count "%s": expected a whole number from 1 to 9999999', text);
  return Number(text);
}

function logFileOf(params: Record<string, string>, name: string): string {
  return join(serviceDirOf(params, name), 'log', 'main', 'current');
}

export const logShow: Run = ({ args: [name, count = '20'], params, out }) => {
  const lines = validateLineCount(count);
  const file = logFileOf(params, name);
  if (!existsSync(file)) problem('no log yet: %s does not exist', file);
  const shown = toLocalTimes(lastLines(file, lines));
  if (shown.length) out.write(shown.join('\n') + '\n');
};

export const logFollow: Run = async ({ args: [name], params, out }) => {
  const file = logFileOf(params, name);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await followLog(file, 10, out.write, stop.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
};
