import { got } from './describeValue.js';

/**
 * @internal Returns `value` if it is a positive integer (or `Infinity`, when
 * allowed), and throws a RangeError naming `what` and the value otherwise: one
 * check and one message for every limit of the library (permits, concurrency, caps).
 */
export function checkCount(value: unknown, what: string, allowInfinity = false): number {
  if (typeof value === 'number' && ((Number.isInteger(value) && value > 0) || (allowInfinity && value === Infinity))) return value;
  throw new RangeError(`${what} must be a positive integer${allowInfinity ? ' or Infinity' : ''}, got ${got(value)}`);
}
