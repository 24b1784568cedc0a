import type { ObservableInput, SchedulerLike } from 'rxjs';
import type { CancellationToken } from '../cancellation/CancellationToken.js';
import type { TaskMetrics } from '../metrics/TaskMetrics.js';
import type { OnErrorPolicy } from '../protocol/OnErrorPolicy.js';
import type { TaskScheduler } from '../scheduling/TaskScheduler.js';
import type { CancellableTaskResult } from '../task/CancellableTaskResult.js';
import type { TaskHandle } from '../task/TaskHandle.js';
import type { TaskTracker } from './TaskTracker.js';
import type { PriorityScheduler } from '../scheduling/PriorityScheduler.js';

/**
 * Options of a tracker: `new TaskTracker(options)`; the builders set the same.
 * Every one is optional: `new TaskTracker()` runs any number of tasks at once
 * and logs failures. An unknown key is a `TypeError` naming the known ones.
 *
 * @example
 * ```ts
 * const tracker = new TaskTracker({ concurrency: 4, timeout: 10_000, signal: controller.signal });
 * ```
 *
 * @category Tracker
 */
export interface TaskTrackerOptions {
  /**
   * How many tasks run at once: a new `SemaphoreScheduler` of that many slots
   * (`Infinity`: no limit). Not with `scheduler`.
   * @defaultValue no limit (a `SemaphoreScheduler` of `Infinity` slots)
   * @since 0.2.0
   */
  readonly concurrency?: number;
  /**
   * The scheduler, for more than a number of slots (priorities, rate limits, a
   * pool shared by several trees). Not with `concurrency`.
   * @defaultValue a new `SemaphoreScheduler` of `concurrency` slots (`Infinity` without it)
   * @since 0.2.0
   */
  readonly scheduler?: TaskScheduler;
  /**
   * What a failure means.
   * @defaultValue a new `LogOnlyPolicy` (logs with `console.error`, goes on)
   * @since 0.2.0
   */
  readonly errorPolicy?: OnErrorPolicy;
  /**
   * Cancels the tracker (and its subtree) when it aborts, with its reason; at once
   * if it has aborted already. Its listener goes once the tracker has settled.
   * @defaultValue none
   * @since 0.2.0
   */
  readonly signal?: AbortSignal;
  /**
   * The tracker's name, the last part of its path (`root/images`) in events and
   * in Prometheus labels. Must not contain `/`.
   * @defaultValue `'root'` for a root tracker, `'child-<n>'` for the n-th child
   */
  readonly name?: string;
  /**
   * Used as the tracker's own token (a root tracker only): cancelling it cancels
   * the tracker, as `tracker.cancel()` does.
   * @defaultValue a new token
   */
  readonly cancellationToken?: CancellationToken;
  /**
   * The counters to update (a root tracker only).
   * @defaultValue a new {@link TaskMetrics}
   */
  readonly metrics?: TaskMetrics;
  /**
   * Default per-task timeout, in milliseconds of the clock: a task that runs longer
   * is torn down and fails with a `TaskTimeoutError`. Children inherit it. Any
   * number above 0 up to `Number.MAX_SAFE_INTEGER` is honoured (timers past
   * 2^31 − 1 ms are chained); `Infinity` is no timeout (not even the parent's).
   * @defaultValue none
   */
  readonly timeout?: number;
  /**
   * The RxJS scheduler all of the tracker's time goes through: timeouts, retry
   * delays, event timestamps. Children inherit it. Marble tests need nothing here:
   * `TestScheduler.run` makes the default virtual.
   * @defaultValue `asyncScheduler`
   */
  readonly clock?: SchedulerLike;
  /**
   * Where `metrics$` coalesces: after a burst of changes it emits once, when this
   * scheduler runs the flush (and at the latest when the tracker settles, before
   * `join()` resolves). Children inherit it. Pass `asapScheduler` for one
   * emission per microtask burst, or `animationFrameScheduler` for one per frame.
   * The idle signals (`onIdle()`, `idle$`…) do not follow it: they look once per
   * microtask burst.
   * @defaultValue `asyncScheduler` (once per macrotask turn: nothing renders
   * between two microtasks; virtual in marble tests)
   */
  readonly metricsScheduler?: SchedulerLike;
  /**
   * Told when an error policy (or one of its actions or hooks) throws. The task
   * still ends, failed with its own error. Children inherit it.
   * @defaultValue logs with `console.error`
   */
  readonly onPolicyError?: (error: unknown, task: TaskHandle<unknown>) => void;
  /**
   * Told when tearing work down throws: an Observable task's teardown (a buggy
   * third-party Observable), a retry delay's, a cancel listener of the tracker's
   * token. Cancellation goes on regardless: every other task is still torn down,
   * the task still ends `cancelled` (or as it was ending), and `cancel()` never
   * throws. `task` is the task whose teardown threw, when there is one.
   * Children inherit it.
   * @defaultValue logs with `console.error`
   */
  readonly onTeardownError?: (error: unknown, task: TaskHandle<unknown> | undefined) => void;
  /** @internal */
  readonly parent?: TaskTracker;
}

/** Options of one `spawn` (or `spawn$`). An unknown key is a `TypeError` naming the known ones. @category Tasks */
export interface SpawnOptions {
  /**
   * Cancels the task when it aborts, with its reason kept as the
   * `TaskCancelledError`'s `reason`; a signal that has aborted already cancels
   * the task at once (it never starts). The listener goes when the task ends, so
   * one long-lived signal may serve any number of tasks.
   *
   * @example
   * ```ts
   * const controller = new AbortController();
   * const handle = tracker.spawn(({ signal }) => fetch(url, { signal }), { signal: controller.signal });
   * controller.abort('navigated away'); // handle rejects with a TaskCancelledError, reason 'navigated away'
   * ```
   * @since 0.2.0
   */
  readonly signal?: AbortSignal;
  /**
   * This task's timeout, in milliseconds of the tracker's clock (overrides the
   * tracker's), above 0 and up to `Number.MAX_SAFE_INTEGER`; `Infinity` for none,
   * whatever the tracker's. Each run (each retry) gets the whole timeout.
   */
  readonly timeout?: number;
  /**
   * A name for the task, for tests and logs: {@link TaskHandle.name}, the
   * `issued` event's `name`, and a key of `recordTaskMarbles` (from
   * `rx-task-tracker/testing`). Names need not be unique; the id is.
   * @defaultValue none (a task without a name costs nothing for it)
   * @since 0.2.0
   */
  readonly name?: string;
  /**
   * The task's priority for schedulers that order by it ({@link PriorityScheduler}):
   * higher starts first, equal priorities are first come first served. Other
   * schedulers ignore it.
   * @defaultValue `0`
   * @since 0.2.0
   */
  readonly priority?: number;
}

/** The value a task function's return type `R` produces (a {@link CancellableTaskResult}'s value unwrapped). @category Tasks */
export type TaskValue<R> = R extends ObservableInput<infer V>
  ? V extends CancellableTaskResult<infer U>
    ? U
    : V
  : R extends CancellableTaskResult<infer U>
    ? U
    : R;
