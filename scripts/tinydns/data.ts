// iim-tinydns data: check, compile and edit root/data as a whole.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { commandLineFor, problem, Problem, type CommandContext } from '../../framework/index.js';
import { rootOf } from './data-file.js';

export async function dataCheck(context: CommandContext): Promise<void> {
  const { args: [file], params, out } = context;
  const { checkDataFile, countErrors, formatDiagnostics } = await import('../../lib/tinydns/data-check.js');
  const path = file ?? join(rootOf(params), 'data');
  if (file === undefined) {
    const { refuseDataLinks, requireData } = await import('./data-file.js');
    refuseDataLinks(rootOf(params));
    requireData(rootOf(params), commandLineFor(context));
  }
  if (!existsSync(path)) problem('no data file %s', path);
  // a device or a FIFO (/dev/zero) would be read forever
  if (!statSync(path).isFile()) problem('%s is not a regular file: expected a tinydns data file', path);
  if (file === undefined) {
    const { compiledStateProblem } = await import('../../lib/tinydns/compiled-state.js');
    const stale = compiledStateProblem(rootOf(params), commandLineFor(context));
    if (stale) out.warn(`warning: ${stale}`);
  }
  const diagnostics = checkDataFile(path);
  const errors = countErrors(diagnostics);
  const warnings = diagnostics.length - errors;
  if (params.format === 'json') out.json(diagnostics);
  else out.write(formatDiagnostics(diagnostics));
  const counts = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  if (errors > 0) throw new Problem(`${path}: ${counts}`);
  out.note(`${path}: ${counts}`);
}

export async function dataCompile(context: CommandContext): Promise<void> {
  const { params, op, out, force } = context;
  const hint = commandLineFor(context);
  const { checkDataFile, countErrors, formatDiagnostics } = await import('../../lib/tinydns/data-check.js');
  const { compileData, dataPath, lockPath, refuseDataLinks, requireData } = await import('./data-file.js');
  const root = rootOf(params);
  refuseDataLinks(root, 'compile'); // tinydns-data would compile what it points to into a data.cdb anyone may read
  requireData(root, hint);
  await op.withLock(lockPath(root), async () => {
    refuseDataLinks(root, 'compile');
    const diagnostics = checkDataFile(dataPath(root));
    const errors = countErrors(diagnostics);
    if (errors > 0) {
      out.diagnostic(formatDiagnostics(diagnostics.filter((d) => d.severity === 'error')));
      if (!force) problem('%s has %s error(s): fix them (%s), or compile anyway with -f', dataPath(root), errors, hint('dataCheck'));
    }
    const serial = await op.protected(() => compileData(op, root));
    out.done(`compiled ${dataPath(root)} into ${join(root, 'data.cdb')}`);
    const { startPublication } = await import('./publish.js');
    await (await startPublication(context)).finish(serial);
  });
}

export async function dataEdit(context: CommandContext): Promise<void> {
  const { op, out, params } = context;
  const hint = commandLineFor(context);
  const { visitFile } = await import('../../framework/editor.js');
  const { refuseDataLinks, requireData } = await import('./data-file.js');
  const path = join(rootOf(params), 'data');
  refuseDataLinks(rootOf(params), 'edit'); // the editor would show what a planted link points to
  requireData(rootOf(params), hint);
  const editor = await visitFile(op, path);
  if (editor === 'emacsclient') {
    out.note(`opened ${path} in Emacs; after saving: ${hint('dataCheck')} && ${hint('dataCompile')}`);
    return;
  }
  await dataCompile(context);
}
