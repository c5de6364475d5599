// iim-tinydns status: what root/data holds, whether data.cdb was compiled from it, whether it runs.
import { commandLineFor, problem, type CommandContext } from '../../framework/index.js';
import { dataPath, readDataText, requireData, rootOf } from './data-file.js';

export async function status(context: CommandContext): Promise<void> {
  const { params, out } = context;
  const hint = commandLineFor(context);
  const { compiledState, compiledStateProblem } = await import('../../lib/tinydns/compiled-state.js');
  const { listZones } = await import('../../lib/tinydns/records.js');
  const { isSupervised } = await import('../../lib/daemontools/control.js');
  const { resolve } = await import('node:path');
  const root = rootOf(params);
  requireData(root, hint);
  const text = readDataText(root, hint);
  const lines = text.split('\n').filter((line) => line.trim() !== '' && line[0] !== '#').length;
  const zones = listZones(text).map((zone) => (zone === '' ? '.' : zone));
  const compiled = compiledState(root);
  const supervised = isSupervised(resolve(params.dir));
  const { readServiceStatus } = await import('../../lib/daemontools/supervise-status.js');
  const { markRestarting, restartingComplaint } = await import('../../lib/daemontools/restart-loop.js');
  const restarting = supervised ? await markRestarting([{ dir: resolve(params.dir), status: readServiceStatus(resolve(params.dir)) }]) : [];
  if (params.format === 'json') {
    out.json({ data: dataPath(root), lines, zones, compiled, supervised, ...(restarting.length ? { restarting: restarting[0].status.restarting } : {}) });
  } else {
    out.result(`data: ${dataPath(root)}: ${lines} line${lines === 1 ? '' : 's'}, ${zones.length} zone${zones.length === 1 ? '' : 's'}${zones.length ? `: ${zones.join(' ')}` : ''}`);
    out.result(`data.cdb: ${compiled === 'compiled' ? 'compiled from data' : compiled === 'stale' ? 'older than data' : 'missing'}`);
    const keeps = restarting[0]?.status.restarting;
    out.result(`service: ${supervised ? 'supervised' : 'not supervised'}${keeps ? `, restarting: ${keeps.starts} starts in ${keeps.seconds} s` : ''} (${resolve(params.dir)})`);
  }
  if (restarting.length) problem('%s', restartingComplaint(restarting));
  const disagreement = compiledStateProblem(root, hint);
  if (disagreement) problem('%s', disagreement);
}
