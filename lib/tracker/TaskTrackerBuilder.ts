import type { SchedulerLike } from 'rxjs';
import type { CancellationToken } from '../cancellation/CancellationToken.js';
import type { TaskMetrics } from '../metrics/TaskMetrics.js';
import type { OnErrorPolicy } from '../protocol/OnErrorPolicy.js';
import type { TaskScheduler } from '../scheduling/TaskScheduler.js';
import type { TaskHandle } from '../task/TaskHandle.js';
import type { TaskTracker } from './TaskTracker.js';
import type { TaskTrackerOptions } from './TaskTrackerOptions.js';

/**
 * Builds a root {@link TaskTracker} (the Rust `TaskTrackerBuilder`), with the
 * options of `new TaskTracker(options)`. Every one is optional:
 * `TaskTracker.builder().build()` runs any number of tasks at once and logs
 * failures.
 *
 * @example
 * ```ts
 * const tracker = TaskTracker.builder()
 *   .concurrency(8)
 *   .errorPolicy(new RetryPolicy({ retries: 2 }))
 *   .cancellationToken(appToken.childToken())
 *   .name('loader')
 *   .timeout(30_000)
 *   .build();
 * ```
 * @category Tracker
 */
export class TaskTrackerBuilder {
  private _options: { -readonly [K in keyof TaskTrackerOptions]: TaskTrackerOptions[K] } = {};

  /** @internal Use `TaskTracker.builder()`, which hands over how to make the tracker (this module does not import the tracker's). */
  constructor(private readonly _make: (options: TaskTrackerOptions) => TaskTracker) {}

  /** The scheduler (default: no limit). Not with {@link TaskTrackerBuilder.concurrency}. */
  scheduler(scheduler: TaskScheduler): this {
    this._options.scheduler = scheduler;
    return this;
  }

  /**
   * How many tasks run at once (see {@link TaskTrackerOptions.concurrency}). Not with a scheduler.
   *
   * @example
   * ```ts
   * const tracker = TaskTracker.builder().concurrency(4).name('uploads').build();
   * ```
   * @since 0.2.0
   */
  concurrency(concurrency: number): this {
    this._options.concurrency = concurrency;
    return this;
  }

  /** The error policy (default: a `LogOnlyPolicy`). */
  errorPolicy(policy: OnErrorPolicy): this {
    this._options.errorPolicy = policy;
    return this;
  }

  /**
   * An `AbortSignal` that cancels the tracker when it aborts (see {@link TaskTrackerOptions.signal}).
   *
   * @example
   * ```ts
   * const tracker = TaskTracker.builder().signal(controller.signal).build();
   * ```
   * @since 0.2.0
   */
  signal(signal: AbortSignal): this {
    this._options.signal = signal;
    return this;
  }

  /** A token used as the tracker's own: cancelling it cancels the tracker. */
  cancellationToken(token: CancellationToken): this {
    this._options.cancellationToken = token;
    return this;
  }

  /** The counters the tracker updates (to read them before it exists, or to add up several trackers). */
  metrics(metrics: TaskMetrics): this {
    this._options.metrics = metrics;
    return this;
  }

  /** The tracker's name (default `root`), the first part of its descendants' paths. */
  name(name: string): this {
    this._options.name = name;
    return this;
  }

  /** A default per-task timeout, in milliseconds (see {@link TaskTrackerOptions.timeout}). */
  timeout(ms: number): this {
    this._options.timeout = ms;
    return this;
  }

  /** The RxJS scheduler for all time (see {@link TaskTrackerOptions.clock}). */
  clock(clock: SchedulerLike): this {
    this._options.clock = clock;
    return this;
  }

  /** Where `metrics$` coalesces (see {@link TaskTrackerOptions.metricsScheduler}). */
  metricsScheduler(scheduler: SchedulerLike): this {
    this._options.metricsScheduler = scheduler;
    return this;
  }

  /** Told when an error policy throws (see {@link TaskTrackerOptions.onPolicyError}). */
  onPolicyError(handler: (error: unknown, task: TaskHandle<unknown>) => void): this {
    this._options.onPolicyError = handler;
    return this;
  }

  /** Told when tearing a task down throws (see {@link TaskTrackerOptions.onTeardownError}). */
  onTeardownError(handler: (error: unknown, task: TaskHandle<unknown> | undefined) => void): this {
    this._options.onTeardownError = handler;
    return this;
  }

  /**
   * Builds the tracker.
   * @throws TypeError if both a scheduler and a concurrency were given, or an option is malformed.
   */
  build(): TaskTracker {
    return this._make({ ...this._options });
  }
}
