/** @internal An error as one line of text for the failure log (`name: message` for an Error). */
export function describeError(error: unknown): string {
  try {
    if (error instanceof Error) return error.message === '' ? error.name : `${error.name}: ${error.message}`;
    return typeof error === 'string' ? error : String(error);
  } catch {
    return Object.prototype.toString.call(error);
  }
}
