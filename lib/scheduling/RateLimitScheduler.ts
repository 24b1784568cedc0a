import { asyncScheduler, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { checkDuration, checkInteger, checkScheduler, readOptions } from '../errors/checks.js';
import { scheduleAfter } from '../time/scheduleAfter.js';
import { StartLog } from './StartLog.js';
import { TaskQueue } from './TaskQueue.js';
import type { ScheduledTask, TaskScheduler, TaskSlot } from './TaskScheduler.js';

/**
 * Options of {@link RateLimitScheduler.perInterval}. @category Scheduling
 * @since 0.2.0
 */
export interface RateLimitOptions {
  /**
   * At most this many tasks running at once (a positive integer or `Infinity`).
   * @defaultValue `Infinity`
   */
  readonly concurrency?: number;
  /**
   * At least this many milliseconds between two starts (Bottleneck's `minTime`),
   * up to `Number.MAX_SAFE_INTEGER`.
   * @defaultValue `0`
   */
  readonly minTime?: number;
  /**
   * The RxJS scheduler whose clock and timers the limiter uses. `TestScheduler.run`
   * makes the default virtual, so marble tests need nothing here.
   * @defaultValue `asyncScheduler`
   */
  readonly scheduler?: SchedulerLike;
}

/**
 * Starts at most `limit` tasks in any window of `intervalMs` milliseconds, first
 * come first served, across every tracker that shares it: "at most 10 requests
 * a second". Optionally also at most `concurrency` running at once, and at least
 * `minTime` ms between two starts.
 *
 * The window slides: it is a log of the last `limit` start times (not a fixed
 * window, which would let `2 × limit` through around a boundary, nor a token
 * bucket, which bursts up to its size after a quiet spell): a task starts when
 * fewer than `limit` tasks started in the past `intervalMs`. Every start counts,
 * a retry's too. Time goes through an RxJS scheduler, so marble tests see exact
 * frames; the one timer it holds (for the next task that waits on the window)
 * exists only while tasks wait, so nothing outlives `join()`.
 *
 * ```text
 * perInterval(3, 10), 7 tasks spawned at frame 0:
 * starts at 0, 0, 0, 10, 10, 10, 20
 * ```
 *
 * @example A rate-limited API client: 10 requests a second, 4 in flight at most
 * ```ts
 * const api = new TaskTracker({
 *   scheduler: RateLimitScheduler.perInterval(10, 1000, { concurrency: 4 }),
 *   errorPolicy: new RetryPolicy({ retries: 2, initialDelay: 500 }),
 * });
 * const users = await Promise.all(ids.map((id) => api.spawn(({ signal }) => fetch(`/api/users/${id}`, { signal }))));
 * ```
 * @since 0.2.0
 * @category Scheduling
 */
export class RateLimitScheduler implements TaskScheduler, TaskSlot {
  /** Starts allowed per window. */
  readonly limit: number;
  /** The window, in ms. */
  readonly intervalMs: number;
  /** Running tasks allowed at once. */
  readonly concurrency: number;
  /** Minimum ms between two starts. */
  readonly minTime: number;
  private readonly _clock: SchedulerLike;
  private readonly _log: StartLog;
  private readonly _queue = new TaskQueue<ScheduledTask>();
  private _active = 0;
  private _forgotten = 0;
  private _paused = false;
  private _draining = false;
  private _timer: Subscription | undefined = undefined;
  private readonly _sink = { next: (task: ScheduledTask) => this._offer(task) };

  /**
   * Prefer {@link RateLimitScheduler.perInterval}.
   * @throws RangeError for a `limit` that is not a positive integer, an `intervalMs`
   *   that is not above 0 and up to `Number.MAX_SAFE_INTEGER` ms, a bad
   *   `concurrency` or `minTime`.
   * @throws TypeError if an option is unknown, or `options.scheduler` is not an RxJS scheduler.
   */
  constructor(limit: number, intervalMs: number, options?: RateLimitOptions) {
    const where = 'RateLimitScheduler.perInterval(limit, intervalMs, options)';
    checkInteger(limit, `${where}: limit`);
    checkDuration(intervalMs, `${where}: intervalMs`, true);
    const o = readOptions(options, where, ['concurrency', 'minTime', 'scheduler']);
    const concurrency = checkInteger(o.concurrency ?? Infinity, `${where}: concurrency`, 1, true);
    const minTime = checkDuration(o.minTime ?? 0, `${where}: minTime`, false);
    const clock = checkScheduler(o.scheduler ?? asyncScheduler, `${where}: scheduler`);
    this.limit = limit;
    this.intervalMs = intervalMs;
    this.concurrency = concurrency;
    this.minTime = minTime;
    this._clock = clock;
    this._log = new StartLog(limit, intervalMs);
  }

  /**
   * At most `limit` starts in any window of `intervalMs` ms; see the class.
   * @throws RangeError or TypeError for bad settings, naming the value.
   *
   * @example
   * ```ts
   * RateLimitScheduler.perInterval(10, 1000);                         // 10 a second
   * RateLimitScheduler.perInterval(100, 60_000, { concurrency: 5 });  // 100 a minute, 5 at once
   * RateLimitScheduler.perInterval(1, 1, { minTime: 250 });           // one every 250 ms
   * ```
   */
  static perInterval(limit: number, intervalMs: number, options?: RateLimitOptions): RateLimitScheduler {
    return new RateLimitScheduler(limit, intervalMs, options);
  }

  /** How many more tasks `concurrency` lets run right now (0 while paused; the window may still hold them back). */
  availablePermits(): number {
    return this._paused ? 0 : this.concurrency - this._active;
  }

  /** How many tasks wait (cancelled ones not yet swept included). */
  get size(): number {
    return this._queue.length;
  }

  /**
   * Stops starting tasks: running ones go on, spawning still queues; the
   * window's timer is dropped until {@link RateLimitScheduler.resume}.
   *
   * @example
   * ```ts
   * if (response.status === 429) scheduler.pause();
   * ```
   */
  pause(): void {
    this._paused = true;
    this._disarm();
  }

  /** Starts queued tasks again, as the window and `minTime` allow. */
  resume(): void {
    this._paused = false;
    if (this._queue.length > 0) this._drain();
  }

  /** Whether {@link RateLimitScheduler.pause} holds it. */
  isPaused(): boolean {
    return this._paused;
  }

  /** @inheritDoc */
  connect(tasks: Observable<ScheduledTask>): Subscription {
    return tasks.subscribe(this._sink);
  }

  /** @inheritDoc */
  forget(_task: ScheduledTask): void {
    const queue = this._queue;
    if (++this._forgotten * 2 >= queue.length) {
      this._forgotten = 0;
      queue.retain(isWaiting);
      // Nothing waits any more: no timer may outlive the queue.
      if (queue.length === 0) this._disarm();
    }
  }

  /** TaskSlot: called by a task when its work has stopped. */
  release(_task: ScheduledTask): void {
    this._active--;
    if (this._queue.length > 0) this._drain();
  }

  private _offer(task: ScheduledTask): void {
    // A task whose tracker is paused goes through _drain, which parks it without spending a start of the window.
    if (this._queue.length === 0 && this._active < this.concurrency && !this._paused && task.isHeld?.() !== true) {
      const now = this._clock.now();
      if (this._wait(now) <= 0) {
        this._active++;
        this._log.add(now);
        task.start(this);
        return;
      }
    }
    this._queue.push(task);
    this._drain();
  }

  /** How long from `now` until the window and `minTime` allow a start. */
  private _wait(now: number): number {
    const window = this._log.waitFrom(now);
    return this.minTime === 0 ? window : Math.max(window, this._log.last + this.minTime - now);
  }

  private _drain(): void {
    if (this._draining) return;
    this._draining = true;
    try {
      const queue = this._queue;
      for (;;) {
        let head = queue.peek();
        while (head !== undefined && head.isCancelled()) {
          queue.shift();
          if (this._forgotten > 0) this._forgotten--;
          head = queue.peek();
        }
        if (head === undefined) {
          // Nothing waits: a timer armed for an earlier head must not outlive the queue.
          this._disarm();
          return;
        }
        if (this._paused || this._active >= this.concurrency) return;
        if (head.isHeld?.() === true) {
          queue.shift();
          this._active++;
          head.start(this);
          continue;
        }
        const now = this._clock.now();
        const wait = this._wait(now);
        if (wait > 0) {
          this._timer ??= scheduleAfter(this._clock, wait, () => {
            this._timer = undefined;
            this._drain();
          });
          return;
        }
        queue.shift();
        this._active++;
        this._log.add(now);
        head.start(this);
      }
    } finally {
      this._draining = false;
    }
  }

  private _disarm(): void {
    const timer = this._timer;
    this._timer = undefined;
    timer?.unsubscribe();
  }
}

function isWaiting(task: ScheduledTask): boolean {
  return !task.isCancelled();
}
