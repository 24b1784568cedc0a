import type { SchedulerLike } from 'rxjs';
import { got } from './describeValue.js';

// The library's argument and option checks, with one message form:
// "<where>: <what must hold>, got <value> (<type>)", e.g.
// "new RetryPolicy(options): retries must be an integer >= 0, got -1 (number)".
// `what` is always "<where>: <name>" (the call, then the argument or option).
// A value of the wrong type is a TypeError; a number out of range a RangeError.

/**
 * @internal The longest duration the library takes, in milliseconds:
 * `Number.MAX_SAFE_INTEGER` (2^53 − 1 ms, about 285,616 years), past which
 * milliseconds are no longer counted exactly. Every timeout, delay and interval
 * up to it is honoured (see `scheduleAfter`); a longer one is refused.
 */
export const MAX_DURATION = Number.MAX_SAFE_INTEGER;

/** @internal Throws "`what` must be `expected`, got …": a TypeError (the wrong type) unless told otherwise. */
export function fail(what: string, expected: string, value: unknown, type: new (message: string) => Error = TypeError): never {
  throw new type(`${what} must be ${expected}, got ${got(value)}`);
}

/** @internal Returns `value` if it is a number that `accept` accepts (NaN included, if it does). */
export function checkNumber(value: unknown, what: string, expected: string, accept: (n: number) => boolean): number {
  // A number out of range is a RangeError; anything else, the wrong type.
  return typeof value === 'number' && accept(value) ? value : fail(what, expected, value, typeof value === 'number' ? RangeError : TypeError);
}

/**
 * @internal Returns `value` if it is an integer >= `min` (or `Infinity`, when
 * allowed): one check and one message for every count and limit of the library
 * (permits, concurrency, caps, thresholds, retries).
 */
export function checkInteger(value: unknown, what: string, min = 1, allowInfinity = false): number {
  return checkNumber(value, what, `an integer >= ${min}${allowInfinity ? ' or Infinity' : ''}`, (n) =>
    Number.isInteger(n) ? n >= min : allowInfinity && n === Infinity,
  );
}

/**
 * @internal Returns `value` if it is a number of milliseconds the library can
 * wait: from 0 (above 0 when `positive`) up to {@link MAX_DURATION}, or
 * `Infinity` when `infinity` says what it means (`'no timeout'`).
 *
 * @param what Who and which option, for the message: "spawn(task, options): timeout".
 */
export function checkDuration(value: unknown, what: string, positive: boolean, infinity?: string): number {
  return checkNumber(
    value,
    what,
    `a number of milliseconds ${positive ? 'above 0, up to' : 'from 0 to'} ${MAX_DURATION} (Number.MAX_SAFE_INTEGER)${
      infinity ? `, or Infinity for ${infinity}` : ''
    }`,
    (n) => (n === Infinity ? !!infinity : n <= MAX_DURATION && (positive ? n > 0 : n >= 0)),
  );
}

/** @internal Returns `value` if it is a function. */
export function checkFunction<F>(value: F, what: string): F {
  return typeof value === 'function' ? value : fail(what, 'a function', value);
}

/** @internal Returns `value` if it is an RxJS scheduler (something with `now()` and `schedule()`). */
export function checkScheduler(value: unknown, what: string): SchedulerLike {
  const scheduler = value as SchedulerLike | null | undefined;
  return typeof scheduler?.now === 'function' && typeof scheduler.schedule === 'function'
    ? scheduler
    : fail(what, 'an RxJS scheduler (with now() and schedule())', value);
}

/**
 * @internal Reads an options argument: `{}` when omitted, a copy without its
 * `undefined` fields (so that they fall back to the defaults when spread), a
 * TypeError for anything but an object. With `known`, a key not in it is a
 * TypeError too, naming the known keys: the renamed one with its new name
 * (`renamed[key]`), a typo with the known key it is close to.
 *
 * @example
 * readOptions(options, 'new RetryPolicy(options)', ['retries', 'retryIf'], { maxAttempts: 'retries (retries = maxAttempts − 1)' });
 * // { retires: 3 } → "new RetryPolicy(options): unknown option 'retires' (did you mean 'retries'?); known options: retries, retryIf"
 */
export function readOptions<T extends object>(
  options: T | null | undefined,
  where: string,
  known?: readonly string[],
  renamed?: Readonly<Record<string, string>>,
): Partial<T> {
  const result: Record<string, unknown> = {};
  if (options == null) return result as Partial<T>;
  if (typeof options !== 'object') fail(`${where}: options`, 'an object', options);
  for (const key of Object.keys(options)) {
    if (known !== undefined && !known.includes(key)) throw new TypeError(unknownOption(key, where, known, renamed?.[key]));
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) result[key] = value;
  }
  return result as Partial<T>;
}

function unknownOption(key: string, where: string, known: readonly string[], renamedTo: string | undefined): string {
  if (renamedTo !== undefined) return `${where}: ${key} was renamed ${renamedTo}`;
  let near: string | undefined;
  let best = 3;
  for (const name of known) {
    const d = distance(key.toLowerCase(), name.toLowerCase());
    if (d < best) (near = name), (best = d);
  }
  return `${where}: unknown option '${key}'${near ? ` (did you mean '${near}'?)` : ''}; known options: ${known.join(', ')}`;
}

/** Levenshtein distance (typos are short: no need for better than O(n·m)). */
function distance(a: string, b: string): number {
  let row = [...Array(b.length + 1).keys()];
  for (let i = 0; i < a.length; i++) {
    const next = [i + 1];
    for (let j = 0; j < b.length; j++) next.push(Math.min(row[j + 1]! + 1, next[j]! + 1, row[j]! + (a[i] === b[j] ? 0 : 1)));
    row = next;
  }
  return row[b.length]!;
}
