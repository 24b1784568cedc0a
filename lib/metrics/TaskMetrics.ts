import { inspectAs, inspectKey } from '../errors/inspectAs.js';
import type { MetricsSnapshot } from './MetricsSnapshot.js';

/**
 * The live counters of one tracker: its own tasks plus every descendant's (a
 * child's metrics only see the child's subtree). Reading a counter is free; the
 * tracker updates them synchronously at each step of a task, so they are exact at
 * every moment and the invariants below always hold (unlike the Rust original,
 * whose derived values drift):
 *
 * - `issued() = success() + failed() + cancelled() + rejected() + pending()`
 * - `pending() = active() + queued()`
 *
 * A tracker makes its own instance; pass one to `TaskTracker.builder().metrics(m)`
 * to read it before the tracker exists, or to let several root trackers add up
 * into one.
 *
 * @example
 * ```ts
 * const m = tracker.metrics();
 * console.log(`${m.active()} running, ${m.queued()} waiting, ${m.failed()} failed`);
 * ```
 * @category Observing
 */
export class TaskMetrics {
  /** @internal */ _issued = 0;
  /** @internal */ _started = 0;
  /** @internal */ _success = 0;
  /** @internal */ _failed = 0;
  /** @internal */ _cancelled = 0;
  /** @internal */ _rejected = 0;
  /** @internal */ _active = 0;
  /** @internal */ _timedOut = 0;
  /** @internal */ _retried = 0;
  /** @internal */ _stopping = 0;

  /** @internal What `console.log` and `util.inspect` show in Node: the counts of {@link TaskMetrics.snapshot}. */
  [inspectKey](): object {
    return inspectAs('TaskMetrics', this.snapshot());
  }

  /** Tasks spawned. */
  issued(): number {
    return this._issued;
  }
  /** Tasks that ever got a slot, each once. */
  started(): number {
    return this._started;
  }
  /** Tasks that ended with a value. */
  success(): number {
    return this._success;
  }
  /** Tasks that ended failed (after the error policy). */
  failed(): number {
    return this._failed;
  }
  /** Tasks that ended cancelled. */
  cancelled(): number {
    return this._cancelled;
  }
  /** Tasks a scheduler or policy refused to run. */
  rejected(): number {
    return this._rejected;
  }
  /** Tasks running right now. */
  active(): number {
    return this._active;
  }
  /** Tasks waiting: issued, not finished, not running. */
  queued(): number {
    return this.pending() - this._active;
  }
  /** Tasks issued and not finished: `active() + queued()`. */
  pending(): number {
    return this._issued - this.totalCompleted();
  }
  /** Tasks that ended, whatever the outcome. */
  totalCompleted(): number {
    return this._success + this._failed + this._cancelled + this._rejected;
  }
  /** Failures that were timeouts (also counted in `failed()`). */
  timedOut(): number {
    return this._timedOut;
  }
  /** Extra attempts made by retries. */
  retried(): number {
    return this._retried;
  }
  /**
   * Runs that still hold a slot though their task no longer waits for them: a
   * promise task cancelled or timed out keeps its slot until its promise
   * settles (a promise cannot be stopped). Not in `active()`, nor in `pending()`
   * (the task has ended, or waits to be retried); `join()` waits for them.
   *
   * @example
   * ```ts
   * const m = tracker.metrics();
   * console.log(`${m.active()} running, ${m.stopping()} stopping`);
   * ```
   * @since 0.2.0
   */
  stopping(): number {
    return this._stopping;
  }

  /**
   * All counters at this moment, as a plain object.
   *
   * @example
   * ```ts
   * console.table(tracker.metrics().snapshot());
   * ```
   */
  snapshot(): MetricsSnapshot {
    const totalCompleted = this.totalCompleted();
    const pending = this._issued - totalCompleted;
    return {
      issued: this._issued,
      started: this._started,
      success: this._success,
      failed: this._failed,
      cancelled: this._cancelled,
      rejected: this._rejected,
      active: this._active,
      queued: pending - this._active,
      pending,
      totalCompleted,
      timedOut: this._timedOut,
      retried: this._retried,
      stopping: this._stopping,
    };
  }
}
