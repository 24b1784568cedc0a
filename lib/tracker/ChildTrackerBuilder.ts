import type { OnErrorPolicy } from '../protocol/OnErrorPolicy.js';
import { checkInteger } from '../errors/checks.js';
import { ChildCapScheduler } from '../scheduling/ChildCapScheduler.js';
import type { TaskScheduler } from '../scheduling/TaskScheduler.js';
import type { TaskTracker } from './TaskTracker.js';
import type { TaskTrackerOptions } from './TaskTrackerOptions.js';

/**
 * Builds a child tracker with its own scheduler, error policy, name or timeout;
 * what is not set is inherited: the parent's scheduler instance (shared slots),
 * `createChild()` of the parent's policy, the parent's timeout. A policy given
 * here is used as is (not through `createChild`).
 *
 * @example
 * ```ts
 * // Its own pool of 2 slots, the parent's policy's child:
 * const thumbnails = root.childTrackerBuilder()
 *   .name('thumbnails')
 *   .scheduler(SemaphoreScheduler.withPermits(2))
 *   .build();
 * ```
 * @category Tracker
 */
export class ChildTrackerBuilder {
  private _scheduler: TaskScheduler | undefined;
  private _policy: OnErrorPolicy | undefined;
  private _name: string | undefined;
  private _timeout: number | undefined;
  private _concurrency: number | undefined;

  /** @internal Use `tracker.childTrackerBuilder()`; `_make` is `new TaskTracker`, which this module cannot import. */
  constructor(
    private readonly _parent: TaskTracker,
    private readonly _make: (options: TaskTrackerOptions) => TaskTracker,
  ) {}

  /** A scheduler of its own (default: the parent's, shared). */
  scheduler(scheduler: TaskScheduler): this {
    this._scheduler = scheduler;
    return this;
  }

  /** An error policy of its own, used as is (default: the parent's `createChild()`). */
  errorPolicy(policy: OnErrorPolicy): this {
    this._policy = policy;
    return this;
  }

  /** The child's name (default `child-<n>`). */
  name(name: string): this {
    this._name = name;
    return this;
  }

  /** A default per-task timeout, in milliseconds (default: the parent's). */
  timeout(ms: number): this {
    this._timeout = ms;
    return this;
  }

  /**
   * Caps the child's subtree at `n` running tasks **inside** the scheduler it
   * uses (the parent's, shared, unless `.scheduler()` gives another): they still
   * take the shared slots, and the child's tasks beyond `n` wait apart, so the
   * parent's other tasks are never stuck behind them. Works with every scheduler.
   * @throws RangeError if `n` is not a positive integer.
   *
   * @example Images: at most 2 of the application's 6 slots
   * ```ts
   * const images = root.childTrackerBuilder().name('images').concurrency(2).build();
   * ```
   * @since 0.2.0
   */
  concurrency(n: number): this {
    this._concurrency = checkCap(n);
    return this;
  }

  /**
   * Builds the child.
   * @throws TrackerClosedError if the parent is closed.
   */
  build(): TaskTracker {
    const parent = this._parent;
    if (parent._ledger._closed) throw parent._ledger._closedError('create a child tracker');
    const n = this._concurrency;
    const shared = this._scheduler ?? parent._scheduler;
    // A wrapper scheduler (AsyncContextScheduler) keeps itself outermost by making the cap.
    const scheduler = n === undefined ? this._scheduler : ((shared as Cappable)._capped?.(n) ?? new ChildCapScheduler(shared, n));
    // What is left out is inherited: the parent's scheduler, timeout and clocks (see readTrackerArgs.ts).
    return this._make({ scheduler: scheduler ?? parent._scheduler, errorPolicy: this._policy ?? parent._policy.createChild(), parent, name: this._name, timeout: this._timeout });
  }
}

type Cappable = TaskScheduler & { _capped?(n: number): TaskScheduler };

function checkCap(n: number): number {
  return checkInteger(n, 'childTrackerBuilder().concurrency(n): n');
}
