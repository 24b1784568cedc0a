/**
 * What {@link RedisSemaphoreOptions.onLeaseLost} is told: a running task's slot
 * lease expired or vanished from Redis before the task gave it back (a pause
 * longer than `leaseMs`, Redis restarted without persistence or flushed, a network
 * partition). Another process may have taken the slot. Noticed at a renewal, the
 * task is then cancelled (unless `cancelOnLeaseLost: false`); noticed at release,
 * it had already ended, and for a while more than `permits` tasks may have run.
 *
 * @example
 * ```ts
 * RedisSemaphoreScheduler.withPermits(5, {
 *   redis,
 *   key: 'crawler',
 *   onLeaseLost: (lost) => metrics.increment('crawler.lease_lost', { noticed: lost.noticed }),
 * });
 * ```
 * @since 0.2.0
 * @category Scheduling
 */
export interface LeaseLost {
  /** The id of the task that held the lease (a `TaskHandle`'s `id`). */
  readonly taskId: string;
  /** The lease's name in Redis, `<process id>/<n>`. */
  readonly lease: string;
  /** The scheduler's key. */
  readonly key: string;
  /** When it was noticed: at a renewal while the task ran, or when the task gave the slot back. */
  readonly noticed: 'renewal' | 'release';
}
