import type { Cluster, Redis } from 'ioredis';
import { got } from '../../errors/describeValue.js';
import type { LeaseLost } from '../LeaseLost.js';

/**
 * @internal The longest duration of the Redis schedulers, in ms (about 31,700
 * years): Redis's times (its clock plus a duration, three leases of expiry) stay
 * exact integers below 2⁵³.
 */
export const MAX_REDIS_MS = 1e15;

/** @internal Throws a TypeError unless `key` is a non-empty string. */
export function checkKey(key: unknown, where: string): string {
  if (typeof key === 'string' && key.length > 0) return key;
  throw new TypeError(`${where}: key must be a non-empty string, got ${got(key)}`);
}

/** @internal Throws a TypeError unless `redis` looks like an ioredis client (`Redis` or `Cluster`). */
export function checkRedis(redis: unknown, where: string): Redis | Cluster {
  const client = redis as Partial<Redis> | null | undefined;
  if (client != null && typeof client.evalsha === 'function' && typeof client.duplicate === 'function') return client as Redis | Cluster;
  throw new TypeError(`${where}: redis must be an ioredis client (new Redis(…) or new Cluster(…)), got ${got(redis)}`);
}

/**
 * @internal Returns `ms` if it is an integer from `min` to {@link MAX_REDIS_MS} (or
 * `Infinity`, when allowed); throws a RangeError naming `what`, the bounds and the value otherwise.
 */
export function checkMs(ms: unknown, what: string, min: number, allowInfinity = false): number {
  if (typeof ms === 'number' && ((Number.isInteger(ms) && ms >= min && ms <= MAX_REDIS_MS) || (allowInfinity && ms === Infinity))) return ms;
  const range = `an integer from ${min} to 10^15 (the maximum, about 31,700 years)${allowInfinity ? ' or Infinity' : ''}`;
  throw new RangeError(`${what} must be ${range}, got ${got(ms)}`);
}

/** @internal Throws a TypeError unless `fn` is a function or undefined. */
export function checkCallback<T>(fn: T, where: string): T {
  if (fn === undefined || typeof fn === 'function') return fn;
  throw new TypeError(`${where} must be a function, got ${got(fn)}`);
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
