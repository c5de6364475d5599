// iim's run modes (-n): the bottom of the framework, imported by declarations and operations alike.
export const RUN_MODES = ['runOnly', 'showOnly', 'showRun', 'seeRun', 'runSafe', 'showProtected', 'showRunProtected'] as const;
export type RunMode = (typeof RUN_MODES)[number];
