import type { SchedulerLike } from 'rxjs';
import { got } from '../../errors/describeValue.js';
import { checkDuration } from '../../time/checkDuration.js';

// Option checks shared by the built-in policies, with one message form:
// "RetryPolicy: `maxAttempts` must be an integer >= 1, got 0 (number)".

/**
 * @internal Returns `value` if it is a number that `accept` accepts.
 * @throws TypeError if `value` is not a number; RangeError if `accept` refuses it (NaN included).
 */
export function checkNumber(where: string, name: string, value: unknown, expected: string, accept: (n: number) => boolean): number {
  if (typeof value !== 'number') throw new TypeError(`${where}: \`${name}\` must be ${expected}, got ${got(value)}`);
  if (!accept(value)) throw new RangeError(`${where}: \`${name}\` must be ${expected}, got ${got(value)}`);
  return value;
}

/** @internal An integer >= `min`. */
export function checkInteger(where: string, name: string, value: unknown, min: number): number {
  return checkNumber(where, name, value, `an integer >= ${min}`, (n) => Number.isInteger(n) && n >= min);
}

/** @internal A number of milliseconds from 0 to `MAX_DURATION`. */
export function checkDelay(where: string, name: string, value: unknown): number {
  return checkDuration(value, `${where}: \`${name}\``, false);
}

/** @internal A function. */
export function checkFunction<F>(where: string, name: string, value: F): F {
  if (typeof value !== 'function') throw new TypeError(`${where}: \`${name}\` must be a function, got ${got(value)}`);
  return value;
}

/** @internal An RxJS scheduler (something with `now()` and `schedule()`). */
export function checkScheduler(where: string, name: string, value: unknown): SchedulerLike {
  const scheduler = value as SchedulerLike | null | undefined;
  if (typeof scheduler?.now !== 'function' || typeof scheduler.schedule !== 'function') {
    throw new TypeError(`${where}: \`${name}\` must be an RxJS scheduler (with now() and schedule()), got ${got(value)}`);
  }
  return scheduler;
}

/** @internal Drops `undefined` fields, so that they fall back to the defaults when spread. */
export function stripUndefined<T extends object>(options: T | undefined, where = 'options'): Partial<T> {
  const result: Partial<T> = {};
  if (options === undefined || options === null) return result;
  if (typeof options !== 'object') throw new TypeError(`${where}: options must be an object, got ${got(options)}`);
  for (const key of Object.keys(options) as (keyof T)[]) if (options[key] !== undefined) result[key] = options[key];
  return result;
}
