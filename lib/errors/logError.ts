import { describe } from './describeValue.js';

/**
 * @internal `console.error(message, error)`, which never throws: Node's console
 * reads an Error's `message` and `name` to print it, and throws what a getter
 * of theirs throws; such an error is then logged as text (`[unprintable object]`).
 */
export function logError(message: string, error: unknown): void {
  try {
    console.error(message, error);
  } catch {
    console.error(message, describe(error));
  }
}
