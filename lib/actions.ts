// What a lib module asks of its caller to act on the system: the framework's operation layer
// (Operations) has all of these, so -n showOnly and -r still see every action. Declared here,
// structurally, so that djb knowledge depends on no part of the framework but its error path.
export interface Actions {
  /** False when the run mode only shows actions (probes then assume the state they wait for). */
  readonly performs: boolean;
  run(program: string, args: readonly string[], options?: { cwd?: string }): Promise<unknown>;
  waitFor(description: string, probe: () => boolean | Promise<boolean>, timeoutMs?: number, intervalMs?: number): Promise<boolean>;
  symlink(target: string, path: string): Promise<void>;
  unlink(path: string): Promise<void>;
}
