import type { Redis } from 'ioredis';
import { got } from '../../errors/describeValue.js';
import type { LeaseLost } from '../LeaseLost.js';

/** @internal Throws a TypeError unless `key` is a non-empty string. */
export function checkKey(key: unknown, where: string): string {
  if (typeof key === 'string' && key.length > 0) return key;
  throw new TypeError(`${where}: key must be a non-empty string, got ${got(key)}`);
}

/** @internal Throws a TypeError unless `redis` looks like an ioredis client. */
export function checkRedis(redis: unknown, where: string): Redis {
  const client = redis as Partial<Redis> | null | undefined;
  if (client != null && typeof client.evalsha === 'function' && typeof client.duplicate === 'function') return client as Redis;
  throw new TypeError(`${where}: redis must be an ioredis client (new Redis(…)), got ${got(redis)}`);
}

/** @internal Throws a TypeError unless `fn` is a function or undefined. */
export function checkCallback<T>(fn: T, where: string): T {
  if (fn === undefined || typeof fn === 'function') return fn;
  throw new TypeError(`${where} must be a function, got ${got(fn)}`);
}

/** @internal The `onError` used when none is given. */
export const defaultRedisErrorHandler = (error: unknown) =>
  console.error('rx-task-tracker/redis: a Redis step failed; it is retried after reconnecting or at the next renewal.', error);

/** @internal The `onLeaseLost` used when none is given. */
export function warnLeaseLost(lost: LeaseLost): void {
  console.warn(
    `rx-task-tracker/redis: task ${lost.taskId} lost its lease ${lost.lease} on "${lost.key}" (noticed at ${lost.noticed}); ` +
      'another process may have taken its slot.',
  );
}
