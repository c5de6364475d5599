// A dry run that tells its count: with IIM_PLAN_REPORT=FILE in its environment, a script run
// under -n showOnly writes to FILE how many actions it planned and the first one, as JSON. A
// panel link runs unasked only when its dry run planned none (framework/link-trust.ts).
import { writeFileSync } from 'node:fs';
import type { Action, OperationsObserver } from './operations.js';
import { Problem } from './problems.js';
import type { RunMode } from './run-modes.js';

export const PLAN_REPORT_VARIABLE = 'IIM_PLAN_REPORT';

export interface PlanReport {
  actions: number;
  /** The first planned action, its first line as -n showOnly shows it. */
  first?: string;
}

/** The file a dry run reports to, or undefined when this run is no dry run for a panel link. */
export const planReportFile = (): string | undefined => process.env[PLAN_REPORT_VARIABLE] || undefined;

/** The counting of one dry run: its observer counts every action before passing it on. */
export class ActionPlan {
  private readonly report: PlanReport = { actions: 0 };

  constructor(private readonly file: string, mode: RunMode) {
    if (mode !== 'showOnly') throw new Problem(`${PLAN_REPORT_VARIABLE} is set: only -n showOnly may run, not -n ${mode}`);
  }

  count(line: string): void {
    this.report.actions++;
    this.report.first ??= line;
  }

  observing(observer: OperationsObserver): OperationsObserver {
    return {
      before: (action, line, origin, decision) => {
        this.count(summary(action, line));
        observer.before(action, line, origin, decision);
      },
      after: (action, outcome) => observer.after(action, outcome),
    };
  }

  write(): void {
    writeFileSync(this.file, JSON.stringify(this.report));
  }
}

/** One line for an action: a file write by its path (its content may span lines), else its shown line. */
function summary(action: Action, line: string): string {
  if (action.action === 'writeFile') return `write ${action.path}`;
  const [first, ...more] = line.split('\n');
  return more.length ? `${first} …` : first;
}
