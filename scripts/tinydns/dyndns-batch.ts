// The dyndns service's updates gathered for WINDOW ms into one edit of root/data: the same
// lock, edit and compile path as recordAdd (data-file.ts changeData), one push to the
// secondaries; every request waiting in the batch is answered once the compile has ended.
import { readFileSync } from 'node:fs';
import type { CommandContext } from '../../framework/index.js';
import { applyAddressUpdates, type AddressUpdate } from '../../lib/dyndns/address-edit.js';
import { changeData, dataPath, rootOf } from './data-file.js';

/** Per update: already so (nochg), changed and compiled (good), the batch failed (dnserr), or its name has other records (refused). */
export type Outcome = 'nochg' | 'good' | 'dnserr' | 'refused';

interface Waiting {
  updates: AddressUpdate[];
  resolve: (outcomes: Outcome[]) => void;
}

export interface BatchReport {
  requests: number;
  updates: number;
  changed: number;
  compiled: boolean;
  ms: number;
  error?: string;
}

function dataNow(context: CommandContext): string | undefined {
  try {
    return readFileSync(dataPath(rootOf(context.params)), 'utf8');
  } catch {
    return undefined;
  }
}

export class UpdateBatches {
  private pending: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private due = false;

  constructor(
    private readonly context: CommandContext,
    private readonly windowMs: number,
    private readonly ttl: number,
    private readonly report: (batch: BatchReport) => void,
  ) {}

  /** Queue UPDATES; resolves with one outcome each once their batch is compiled (or refused). */
  submit(updates: AddressUpdate[]): Promise<Outcome[]> {
    return new Promise((resolve) => {
      this.pending.push({ updates, resolve });
      if (!this.timer && !this.due) this.timer = setTimeout(() => this.windowEnded(), this.windowMs);
    });
  }

  private windowEnded(): void {
    this.timer = undefined;
    this.due = true;
    if (!this.running) void this.flush();
  }

  /** One batch: everything pending now. A batch that comes due during a compile runs right after it. */
  private async flush(): Promise<void> {
    this.due = false;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    this.running = true;
    const updates = batch.flatMap((waiting) => waiting.updates);
    const started = Date.now();
    let unchanged: boolean[] | undefined;
    let refused: boolean[] | undefined;
    let compiled = false;
    let edited: string | undefined;
    let error: string | undefined;
    try {
      const publish = async () => (await import('./publish.js')).startPublication(this.context);
      await changeData(this.context.op, rootOf(this.context.params), (text) => {
        const edit = applyAddressUpdates(text, updates, this.ttl);
        unchanged = edit.unchanged;
        refused = edit.refused;
        compiled = edit.text !== undefined;
        edited = edit.text;
        return edit.text;
      }, (note) => this.context.out.note(note), undefined, publish);
    } catch (failure) {
      // A secondary left behind fails the command after the compile: the change stands here
      // (secondaryPush catches the secondary up), so its requests are answered good.
      if (edited !== undefined && dataNow(this.context) === edited) this.context.out.warn((failure as Error).message);
      else error = (failure as Error).message;
    }
    const outcomes: Outcome[] = updates.map((_, i) => (refused?.[i] ? 'refused' : unchanged?.[i] ? 'nochg' : error === undefined ? 'good' : 'dnserr'));
    this.report({ requests: batch.length, updates: updates.length, changed: outcomes.filter((o) => o === 'good').length, compiled: compiled && !error, ms: Date.now() - started, error });
    let at = 0;
    for (const waiting of batch) {
      waiting.resolve(outcomes.slice(at, at + waiting.updates.length));
      at += waiting.updates.length;
    }
    this.running = false;
    if (this.pending.length && (this.due || !this.timer)) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush();
    }
  }
}
