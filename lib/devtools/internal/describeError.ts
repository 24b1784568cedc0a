import { describe } from '../../errors/describeValue.js';

/** @internal An error as one line of text for the failure log (`name: message` for an Error); never throws. */
export function describeError(error: unknown): string {
  try {
    if (error instanceof Error) {
      const { name, message } = error;
      return message === '' ? String(name) : `${name}: ${message}`;
    }
  } catch {
    // A getter threw, or a part has no string form: described as a whole.
  }
  return describe(error);
}
