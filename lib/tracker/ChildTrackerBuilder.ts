import type { OnErrorPolicy } from '../policies/OnErrorPolicy.js';
import type { TaskScheduler } from '../scheduling/TaskScheduler.js';
import type { TaskTracker } from './TaskTracker.js';

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
 */
export class ChildTrackerBuilder {
  private _scheduler: TaskScheduler | undefined;
  private _policy: OnErrorPolicy | undefined;
  private _name: string | undefined;
  private _timeout: number | undefined;

  /** @internal Use `tracker.childTrackerBuilder()`. */
  constructor(private readonly _parent: TaskTracker) {}

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
   * Builds the child.
   * @throws TrackerClosedError if the parent is closed.
   */
  build(): TaskTracker {
    return this._parent._createChild(this._scheduler, this._policy, this._name, this._timeout);
  }
}
