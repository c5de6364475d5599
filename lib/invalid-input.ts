// A value from the user (argument, file name, file content) is not acceptable.
// Libraries throw it with a message only; the framework turns it into its one error path.

export class InvalidInput extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInput';
  }
}

/** Quote a bad value for an error message so control characters stay visible. */
export function quote(value: string): string {
  return JSON.stringify(value);
}
