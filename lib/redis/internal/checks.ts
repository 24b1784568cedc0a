import type { Cluster, Redis } from 'ioredis';
import { checkFunction, checkNumber, fail } from '../../errors/checks.js';
import type { LeaseLost } from '../LeaseLost.js';

/**
 * @internal The longest duration of the Redis schedulers, in ms (about 31,700
 * years): Redis's times (its clock plus a duration, three leases of expiry) stay
 * exact integers below 2⁵³.
 */
export const MAX_REDIS_MS = 1e15;

/** @internal Throws a TypeError unless `key` is a non-empty string. */
export function checkKey(key: unknown, where: string): string {
  return typeof key === 'string' && key.length > 0 ? key : fail(`${where}: key`, 'a non-empty string', key);
}

/** @internal Throws a TypeError unless `redis` looks like an ioredis client (`Redis` or `Cluster`). */
export function checkRedis(redis: unknown, where: string): Redis | Cluster {
  const client = redis as Partial<Redis> | null | undefined;
  if (client != null && typeof client.evalsha === 'function' && typeof client.duplicate === 'function') return client as Redis | Cluster;
  return fail(`${where}: redis`, 'an ioredis client (new Redis(…) or new Cluster(…))', redis);
}

/**
 * @internal Returns `ms` if it is an integer from `min` to {@link MAX_REDIS_MS} (or
 * `Infinity`, when allowed); throws a RangeError naming `what`, the bounds and the value otherwise.
 */
export function checkMs(ms: unknown, what: string, min: number, allowInfinity = false): number {
  const range = `an integer from ${min} to 10^15 (the maximum, about 31,700 years)${allowInfinity ? ' or Infinity' : ''}`;
  return checkNumber(ms, what, range, (n) => (Number.isInteger(n) && n >= min && n <= MAX_REDIS_MS) || (allowInfinity && n === Infinity));
}

/** @internal Throws a TypeError unless `fn` is a function or undefined. */
export function checkCallback<T>(fn: T, where: string): T {
  return fn === undefined ? fn : checkFunction(fn, where);
}

/**
 * @internal The scripts' answer when one of their keys holds another type
 * ("WRONGTYPE Redis key "…" holds a string, not a zset"): what it says, without the
 * prefix; `undefined` for any other error. Nothing waits on such a key: it is the
 * user's to delete or rename.
 */
export function wrongType(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : '';
  return message.startsWith('WRONGTYPE Redis key ') ? message.slice('WRONGTYPE '.length) : undefined;
}

/** @internal What `onError` is told when a key of the wrong type made the scheduler reject `count` waiting tasks with `reason`. */
export function wrongTypeError(reason: string, count: number, cause: unknown): Error {
  return new Error(`${reason} (WRONGTYPE); ${count} waiting task${count === 1 ? '' : 's'} rejected`, { cause });
}

/** @internal The `onError` used when none is given. */
export const defaultRedisErrorHandler = (error: unknown) =>
  console.error('rx-task-tracker/redis: a Redis step failed.', error);

/**
 * @internal Calls a user's callback (`onError`, `onLeaseLost`), which must not break
 * what called it: what it throws goes to `fallback` (`onError`), if any.
 */
export function report<T>(callback: (value: T) => void, value: T, fallback?: (error: unknown) => void): void {
  try {
    callback(value);
  } catch (error) {
    // A failing error handler must not stop the retries.
    if (fallback !== undefined) report(fallback, error);
  }
}

/** @internal The `onLeaseLost` used when none is given. */
export function warnLeaseLost(lost: LeaseLost): void {
  console.warn(
    `rx-task-tracker/redis: task ${lost.taskId} lost its lease ${lost.lease} on "${lost.key}" (noticed at ${lost.noticed}); ` +
      'another process may have taken its slot.',
  );
}
