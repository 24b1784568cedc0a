import type { Cluster, Redis } from 'ioredis';
import type { SchedulerLike } from 'rxjs';
import type { LeaseLost } from './LeaseLost.js';

/**
 * Options of `RedisSemaphoreScheduler.withPermits`. Durations are in ms, at most
 * 10¹⁵ (about 31,700 years); longer ones are refused with a RangeError.
 *
 * @example
 * ```ts
 * const options: RedisSemaphoreOptions = {
 *   redis: new Cluster([{ host: 'redis-1', port: 6379 }]), // or new Redis(url)
 *   key: 'reports',
 *   leaseMs: 30_000,
 *   cancelOnLeaseLost: false, // idempotent work: let it finish
 *   closeTimeoutMs: 2_000,
 * };
 * ```
 * @since 0.2.0
 * @category Scheduling
 */
export interface RedisSemaphoreOptions {
  /**
   * The ioredis client: a `Redis` (standalone or Sentinel) or a `Cluster` (all the
   * semaphore's keys are in one hash slot). Its password, TLS, retry strategy are
   * yours. It stays open after `close()`.
   */
  readonly redis: Redis | Cluster;
  /**
   * Names the semaphore: every process using the same key (and Redis) shares its
   * slots. Its Redis keys are `{key}:…` (braces: a Cluster hash tag), so it must not
   * start with `}`.
   */
  readonly key: string;
  /** How long a slot lease lives unless renewed; renewed every `leaseMs / 3`. At least 30. Default 10,000. */
  readonly leaseMs?: number;
  /**
   * At most this many of this process's tasks hold or wait for a slot at once
   * (named `localPermits` before 0.2). Default `Infinity`.
   */
  readonly localConcurrency?: number;
  /**
   * Whether a task whose lease was lost while it ran is cancelled (as
   * `handle.cancel(reason)` does: an Observable is unsubscribed at once, a promise
   * task's signal aborts). `false` lets it run on, for work that is safe to do
   * twice; another process may meanwhile hold its slot. Default `true`.
   * @since 0.2.0
   */
  readonly cancelOnLeaseLost?: boolean;
  /**
   * How long `close()` waits for Redis to take back this process's leases and
   * tickets; past it, `close()` resolves anyway (the leases expire within
   * `leaseMs`) and tells `onError`. `Infinity`: as long as ioredis retries. Default 5,000.
   * @since 0.2.0
   */
  readonly closeTimeoutMs?: number;
  /** Told when a running task's lease was lost (see {@link LeaseLost}), before the task is cancelled; what it throws goes to `onError`. Default: a `console.warn`. */
  readonly onLeaseLost?: (lost: LeaseLost) => void;
  /** Told when a Redis step fails (it is retried, except on a key of the wrong type). Default: a `console.error`. */
  readonly onError?: (error: unknown) => void;
  /** Runs the renewal and close timers. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}
