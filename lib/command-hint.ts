// How a message of lib/ names a follow-up command: the script renders it for its own invocation
// (its name and -p values); without one, the bare "-i COMMAND ARGS".
export type CommandHint = (command: string, ...args: string[]) => string;

export const bareHint: CommandHint = (command, ...args) => ['-i', command, ...args].join(' ');
