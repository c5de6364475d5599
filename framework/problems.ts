// The one error path (iim's EH_problem / EH_assert): every failure becomes a Problem
// or a UsageError, and only the runner's top-level catch turns it into output and an exit status.

/** A command could not do its job: exit status 1. */
export class Problem extends Error {
  readonly exitCode: number = 1;
  constructor(message: string, readonly detail?: string) {
    super(message);
    this.name = 'Problem';
  }
}

/** The command line itself is wrong: exit status 2. */
export class UsageError extends Error {
  readonly exitCode: number = 2;
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An external program failed: its status and stderr travel with the problem. */
export class ProgramFailed extends Problem {
  constructor(
    readonly commandLine: string,
    readonly status: number | null,
    readonly stderr: string,
    readonly signal?: string | null,
  ) {
    const how = signal ? `killed by ${signal}` : `exit ${status}`;
    const said = stderr.trim();
    super(`FAILED: ${commandLine} [${how}]${said ? `: ${said}` : ''}`);
    this.name = 'ProgramFailed';
  }
}

function format(template: string, values: unknown[]): string {
  let next = 0;
  return template.replace(/%s/g, () => String(values[next++]));
}

/** Stop the command with a message: `problem('bad IP "%s"', ip)`. */
export function problem(template: string, ...values: unknown[]): never {
  throw new Problem(format(template, values));
}

/** iim's EH_assert: stop the command when the condition does not hold. */
export function assert(condition: unknown, template: string, ...values: unknown[]): asserts condition {
  if (!condition) throw new Problem(`ASSERTION FAILED: ${format(template, values)}`);
}

/** Stop with a usage error (exit 2). */
export function usage(template: string, ...values: unknown[]): never {
  throw new UsageError(format(template, values));
}
