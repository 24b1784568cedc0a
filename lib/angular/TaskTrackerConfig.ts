import type { OnErrorPolicy } from '../protocol/OnErrorPolicy.js';
import type { TaskScheduler } from '../scheduling/TaskScheduler.js';

/**
 * How {@link provideTaskTracker} builds the application's root tracker. Every
 * field is optional.
 *
 * `scheduler` and `errorPolicy` take an instance or a factory. A factory runs
 * once per application, inside its injection context (so it may call
 * `inject()`): on a server, one per request, like the defaults. An instance is
 * shared by every application built from the same config, which on a server
 * rendering many requests means one pool of slots and one circuit breaker for
 * all of them; in development mode, the second application that uses it says
 * so once with `console.warn`. To share one on purpose, pass a factory that
 * returns it (`scheduler: () => shared`), which never warns.
 *
 * @example
 * ```ts
 * const config: TaskTrackerConfig = {
 *   scheduler: () => SemaphoreScheduler.withPermits(4), // one pool per application (per request on a server)
 *   errorPolicy: () => new RetryPolicy({ retries: 2 }),
 *   name: 'shop',
 * };
 * bootstrapApplication(App, { providers: [provideTaskTracker(config)] });
 * ```
 * @category Angular
 */
export interface TaskTrackerConfig {
  /**
   * How many tasks run at once: a new `SemaphoreScheduler` of that many slots
   * per application. Not with `scheduler`. Default: 6, what a browser opens per
   * host over HTTP/1.1.
   *
   * @example
   * ```ts
   * bootstrapApplication(App, { providers: [provideTaskTracker({ concurrency: 4 })] });
   * ```
   * @since 0.2.0
   */
  readonly concurrency?: number;
  /**
   * The scheduler, for more than a number of slots. Not with `concurrency`.
   * Default: `SemaphoreScheduler.withPermits(6)`, a new one per application.
   */
  readonly scheduler?: TaskScheduler | (() => TaskScheduler);
  /** What a failure means. Default: a new `LogOnlyPolicy` per application. */
  readonly errorPolicy?: OnErrorPolicy | (() => OnErrorPolicy);
  /** The root's name, the first segment of every path in the tree. Default `'app'`. */
  readonly name?: string;
  /** A default per-task timeout in milliseconds, inherited by every child. Default: none. */
  readonly timeout?: number;
  /**
   * Whether the application holds one Angular `PendingTasks` entry while any task
   * of the tree is pending, so that `ApplicationRef.whenStable()` and server-side
   * rendering wait for the data. Default `true`. Turn it off when the tree runs
   * tasks that never end (polling, live streams): those would keep the
   * application unstable for ever, and a server render would never finish.
   */
  readonly pendingTasks?: boolean;
}
