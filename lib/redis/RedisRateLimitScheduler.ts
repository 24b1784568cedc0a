import { randomBytes } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { asyncScheduler, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { ScheduledTask, TaskScheduler, TaskSlot } from '../scheduling/TaskScheduler.js';
import { checkInteger, checkScheduler, readOptions } from '../errors/checks.js';
import { checkCallback, checkKey, checkMs, checkRedis, defaultRedisErrorHandler, report, wrongType, wrongTypeError } from './internal/checks.js';
import { TAKE } from './internal/rateLimitScript.js';
import { WaitingTasks } from './internal/WaitingTasks.js';
import { scheduleAfter } from '../time/scheduleAfter.js';

/**
 * Options of {@link RedisRateLimitScheduler.perInterval}.
 *
 * @example
 * ```ts
 * const options: RedisRateLimitOptions = { redis: new Cluster([{ host: 'redis-1', port: 6379 }]), key: 'geocoder', concurrency: 4 };
 * ```
 * @since 0.2.0
 * @category Scheduling
 */
export interface RedisRateLimitOptions {
  /** The ioredis client: a `Redis` or a `Cluster` (the limit is one key). It stays open after `close()`. */
  readonly redis: Redis | Cluster;
  /** Names the limit: every process using the same key (and Redis) shares it. It is the Redis key of its log. */
  readonly key: string;
  /** At most this many of this process's tasks run at once. Default `Infinity`. */
  readonly concurrency?: number;
  /** Told when a Redis step fails (it is retried, except on a key of the wrong type). Default: a `console.error`. */
  readonly onError?: (error: unknown) => void;
  /** Runs the timers. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * A {@link TaskScheduler} that starts at most `limit` tasks per `intervalMs` across
 * every process using the same Redis `key`. Node only (`rx-task-tracker/redis`).
 *
 * The algorithm is a **sliding log**: Redis keeps the time of each start of the last
 * `intervalMs` (by the Redis server's clock), so no window of `intervalMs`, wherever
 * it begins, holds more than `limit` starts: no burst at a window's edge, as a fixed
 * window allows, and no `2 × limit − 1` as GCRA with a burst of `limit` allows. It costs
 * `limit` entries in Redis. A process whose tasks must wait sleeps until the oldest
 * start leaves the window (one timer, no polling), then asks again; waiting tasks of
 * one process start in order, those of different processes in no set order.
 *
 * A task starts one reply after Redis recorded it (well under a millisecond on
 * localhost); a task that gave its slot back does not return its start. Any
 * `intervalMs` up to 10¹⁵ works (a wait past 2³¹ ms is chained, never polled). If its
 * key holds another type (WRONGTYPE), the waiting tasks are rejected with an error naming it.
 *
 * @example
 * ```ts
 * const scheduler = RedisRateLimitScheduler.perInterval(100, 60_000, { redis, key: 'partner-api', concurrency: 10 });
 * const tracker = new TaskTracker({ scheduler });
 * for (const id of ids) tracker.spawn(() => callPartner(id)); // 100 calls a minute across every instance
 * await tracker.join();
 * scheduler.close();
 * ```
 * @since 0.2.0
 * @category Scheduling
 */
export class RedisRateLimitScheduler implements TaskScheduler, TaskSlot {
  /** Starts per interval, across all processes. */
  readonly limit: number;
  /** The interval, in ms. */
  readonly intervalMs: number;
  /** The key naming the limit (the Redis key of its log). */
  readonly key: string;
  /** This process's cap on running tasks. */
  readonly concurrency: number;

  private readonly _redis: Redis | Cluster;
  private readonly _onError: (error: unknown) => void;
  private readonly _clock: SchedulerLike;
  private readonly _id = randomBytes(8).toString('hex');
  private _starts = 0;
  private readonly _queue = new WaitingTasks();
  private _running = 0;
  private _asking = false;
  private _timer: Subscription | undefined;
  private _closed = false;
  private readonly _sink = { next: (task: ScheduledTask) => this._offer(task) };

  private constructor(limit: number, intervalMs: number, options: RedisRateLimitOptions) {
    const where = 'RedisRateLimitScheduler.perInterval';
    if (options === null || typeof options !== 'object') throw new TypeError(`${where}: options { redis, key } are required`);
    options = readOptions(options, where, ['redis', 'key', 'concurrency', 'onError', 'scheduler']) as RedisRateLimitOptions;
    this.limit = checkInteger(limit, `${where}: limit`);
    this.intervalMs = checkMs(intervalMs, `${where}: intervalMs`, 1);
    this._redis = checkRedis(options.redis, where);
    this.key = checkKey(options.key, where);
    this.concurrency = checkInteger(options.concurrency ?? Infinity, `${where}: concurrency`, 1, true);
    this._onError = checkCallback(options.onError, `${where}: onError`) ?? defaultRedisErrorHandler;
    this._clock = checkScheduler(options.scheduler ?? asyncScheduler, `${where}: scheduler`);
  }

  /**
   * A scheduler starting at most `limit` tasks per `intervalMs` across every process
   * sharing `options.key`.
   * @throws RangeError if `limit` or `concurrency` is not a positive integer
   * (`concurrency` may be `Infinity`), or `intervalMs` is not an integer from 1 to
   * 10¹⁵ (the maximum); TypeError if `redis` is not an ioredis client or `key` is empty.
   *
   * @example
   * ```ts
   * const scheduler = RedisRateLimitScheduler.perInterval(10, 1000, { redis, key: 'geocoder' });
   * ```
   */
  static perInterval(limit: number, intervalMs: number, options: RedisRateLimitOptions): RedisRateLimitScheduler {
    return new RedisRateLimitScheduler(limit, intervalMs, options);
  }

  /** @inheritDoc */
  connect(tasks: Observable<ScheduledTask>): Subscription {
    return tasks.subscribe(this._sink);
  }

  /** @inheritDoc */
  forget(_task: ScheduledTask): void {
    this._queue.forget();
  }

  /** TaskSlot: called by a task when its work has stopped. */
  release(_task: ScheduledTask): void {
    this._running--;
    this._ask();
  }

  /**
   * Stops the timer; waiting tasks end rejected. Starts already recorded in Redis
   * stay there until they leave the window.
   *
   * @example
   * ```ts
   * await tracker.join();
   * scheduler.close();
   * ```
   */
  close(): void {
    if (this._closed) return;
    this._closed = true;
    this._timer?.unsubscribe();
    this._timer = undefined;
    for (const task of this._queue.drain()) task.reject(`RedisRateLimitScheduler "${this.key}" was closed`);
  }

  private _offer(task: ScheduledTask): void {
    if (this._closed) {
      task.reject(`RedisRateLimitScheduler "${this.key}" is closed`);
      return;
    }
    this._queue.push(task);
    this._ask();
  }

  /** Asks Redis for as many starts as tasks wait and this process may run; one question at a time. */
  private _ask(): void {
    if (this._asking || this._timer !== undefined || this._closed) return;
    const wanted = Math.min(this._queue.size, this.concurrency - this._running);
    if (wanted <= 0) return;
    const ids: string[] = [];
    for (let i = 0; i < wanted; i++) ids.push(`${this._id}/${++this._starts}`);
    this._asking = true;
    TAKE.run(this._redis, [this.key], [this.limit, this.intervalMs, ...ids]).then(
      (reply) => {
        const [granted, wait] = reply as [number, number];
        const unused = this._start(granted);
        // Tasks cancelled while we asked: their starts go back.
        if (unused > 0) this._redis.zrem(this.key, ...ids.slice(granted - unused, granted)).catch(this._onError);
        this._asking = false;
        if (wait > 0 && !this._closed) this._sleep(wait);
        else this._ask();
      },
      (error) => {
        this._asking = false;
        const detail = wrongType(error);
        if (detail === undefined) {
          report(this._onError, error);
          return this._sleep(Math.min(this.intervalMs, 1000));
        }
        // Nothing can start while the key holds another type: the waiting tasks are refused.
        const reason = `RedisRateLimitScheduler "${this.key}": ${detail}`;
        const rejected = this._queue.drain();
        report(this._onError, wrongTypeError(reason, rejected.length, error));
        for (const task of rejected) task.reject(reason);
      },
    );
  }

  /** Starts up to `granted` waiting tasks; returns how many grants found no task. */
  private _start(granted: number): number {
    let left = granted;
    while (left > 0 && !this._closed) {
      const task = this._queue.next();
      if (task === undefined) break;
      this._running++;
      // A task whose tracker is paused only parks: the grant goes to the next one.
      if (task.isHeld?.() !== true) left--;
      task.start(this);
    }
    return left;
  }

  private _sleep(ms: number): void {
    if (this._closed) return;
    this._timer = scheduleAfter(this._clock, ms, () => {
      this._timer = undefined;
      this._ask();
    });
  }
}
