import { got } from '../errors/describeValue.js';

/**
 * @internal The longest duration the library takes, in milliseconds:
 * `Number.MAX_SAFE_INTEGER` (2^53 − 1 ms, about 285,616 years), past which
 * milliseconds are no longer counted exactly. Every timeout, delay and interval
 * up to it is honoured (see `scheduleAfter`); a longer one is refused.
 */
export const MAX_DURATION = Number.MAX_SAFE_INTEGER;

/**
 * @internal Returns `value` if it is a number of milliseconds the library can
 * wait: from 0 (above 0 when `positive`) up to {@link MAX_DURATION}, or
 * `Infinity` when `infinity` says what it means (`'no timeout'`). A TypeError for
 * anything but a number, a RangeError naming the maximum for any other number.
 *
 * @param what Who and which option, for the message: "spawn(task, options): timeout".
 */
export function checkDuration(value: unknown, what: string, positive: boolean, infinity?: string): number {
  if (typeof value === 'number' && (value === Infinity ? infinity : value <= MAX_DURATION && (positive ? value > 0 : value >= 0))) return value;
  throw new (typeof value === 'number' ? RangeError : TypeError)(
    `${what} must be a number of milliseconds ${positive ? 'above 0, up to' : 'from 0 to'} ${MAX_DURATION} (Number.MAX_SAFE_INTEGER)${
      infinity ? `, or Infinity for ${infinity}` : ''
    }, got ${got(value)}`,
  );
}
