import type { Redis } from 'ioredis';
import type { SchedulerLike } from 'rxjs';
import type { LeaseLost } from './LeaseLost.js';

/** Options of `RedisSemaphoreScheduler.withPermits`. */
export interface RedisSemaphoreOptions {
  /** The ioredis client (its password, TLS, retry strategy are yours). It stays open after `close()`. */
  readonly redis: Redis;
  /** Names the semaphore: every process using the same key (and Redis) shares its slots; its keys start with it. */
  readonly key: string;
  /** How long a slot lease lives unless renewed; renewed every `leaseMs / 3`. Default 10,000. */
  readonly leaseMs?: number;
  /** At most this many of this process's tasks hold or wait for a slot at once. Default `Infinity`. */
  readonly localPermits?: number;
  /** Told when a running task's lease was lost (see {@link LeaseLost}). Default: a `console.warn`. */
  readonly onLeaseLost?: (lost: LeaseLost) => void;
  /** Told when a Redis step fails (it is retried). Default: a `console.error`. */
  readonly onError?: (error: unknown) => void;
  /** Runs the renewal timer. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}
