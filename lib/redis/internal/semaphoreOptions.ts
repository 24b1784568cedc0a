import type { Cluster, Redis } from 'ioredis';
import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { checkInteger, checkScheduler, readOptions } from '../../errors/checks.js';
import { got } from '../../errors/describeValue.js';
import type { LeaseLost } from '../LeaseLost.js';
import type { RedisSemaphoreOptions } from '../RedisSemaphoreOptions.js';
import { checkCallback, checkKey, checkMs, checkRedis, defaultRedisErrorHandler, warnLeaseLost } from './checks.js';

/** @internal The arguments of `RedisSemaphoreScheduler.withPermits`, checked, with their defaults. */
export interface SemaphoreSettings {
  readonly permits: number;
  readonly redis: Redis | Cluster;
  readonly key: string;
  readonly leaseMs: number;
  readonly localPermits: number;
  readonly cancelOnLeaseLost: boolean;
  readonly closeTimeoutMs: number;
  readonly onLeaseLost: (lost: LeaseLost) => void;
  readonly onError: (error: unknown) => void;
  readonly scheduler: SchedulerLike;
}

const SEMAPHORE_OPTIONS = ['redis', 'key', 'leaseMs', 'localPermits', 'cancelOnLeaseLost', 'closeTimeoutMs', 'onLeaseLost', 'onError', 'scheduler'];

/** @internal Checks the arguments of `withPermits`, throwing errors that name the bad one. */
export function readSemaphoreOptions(permits: number, options: RedisSemaphoreOptions): SemaphoreSettings {
  const where = 'RedisSemaphoreScheduler.withPermits';
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: options { redis, key } are required`);
  options = readOptions(options, where, SEMAPHORE_OPTIONS) as RedisSemaphoreOptions;
  const checkedPermits = checkInteger(permits, `${where}: permits`);
  const redis = checkRedis(options.redis, where);
  const key = checkKey(options.key, where);
  if (key.startsWith('}')) throw new TypeError(`${where}: key must not start with '}' (its Redis keys are '{key}:…', a Cluster hash tag), got '${key}'`);
  const cancelOnLeaseLost = options.cancelOnLeaseLost ?? true;
  if (typeof cancelOnLeaseLost !== 'boolean') throw new TypeError(`${where}: cancelOnLeaseLost must be a boolean, got ${got(cancelOnLeaseLost)}`);
  return {
    permits: checkedPermits,
    redis,
    key,
    leaseMs: checkMs(options.leaseMs ?? 10_000, `${where}: leaseMs`, 30),
    localPermits: checkInteger(options.localPermits ?? Infinity, `${where}: localPermits`, 1, true),
    cancelOnLeaseLost,
    closeTimeoutMs: checkMs(options.closeTimeoutMs ?? 5_000, `${where}: closeTimeoutMs`, 0, true),
    onLeaseLost: checkCallback(options.onLeaseLost, `${where}: onLeaseLost`) ?? warnLeaseLost,
    onError: checkCallback(options.onError, `${where}: onError`) ?? defaultRedisErrorHandler,
    scheduler: checkScheduler(options.scheduler ?? asyncScheduler, `${where}: scheduler`),
  };
}
