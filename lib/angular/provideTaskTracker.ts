import { DestroyRef, inject, makeEnvironmentProviders, PendingTasks, type EnvironmentProviders } from '@angular/core';
import { OwnerDestroyed } from '../cancellation/OwnerDestroyed.js';
import { checkInteger } from '../errors/checks.js';
import { LogOnlyPolicy } from '../protocol/LogOnlyPolicy.js';
import { SemaphoreScheduler } from '../scheduling/SemaphoreScheduler.js';
import { TaskTracker } from '../tracker/TaskTracker.js';
import { checkKeys } from '../tracker/trackerChecks.js';
import { holdPendingTasks } from './holdPendingTasks.js';
import { instanceOf } from './internal/instanceOf.js';
import { stableMetricsScheduler } from './internal/stableMetricsScheduler.js';
import type { TaskTrackerConfig } from './TaskTrackerConfig.js';

/** What the root's `OwnerDestroyed` says when its application is destroyed. */
const APPLICATION_DESTROYED = 'application destroyed';
const CONFIG_KEYS: readonly string[] = ['concurrency', 'scheduler', 'errorPolicy', 'name', 'timeout', 'pendingTasks'] satisfies (keyof TaskTrackerConfig)[];

/**
 * Provides the application's root {@link TaskTracker}: `inject(TaskTracker)`
 * gives it (the class is the token), and {@link injectTaskTracker},
 * {@link provideChildTaskTracker} and {@link injectTrackerMetrics} build on it.
 *
 * The root is made the first time something injects it, one per application
 * (one per request on a server). It is cancelled with
 * `new OwnerDestroyed('application destroyed')` when the application is
 * destroyed, which cancels every tracker under it (their streams complete, see
 * {@link injectTaskTracker}). With `pendingTasks` (the default) the application
 * holds one Angular `PendingTasks` entry while any task of the tree is pending
 * (see {@link holdPendingTasks}), so server-side rendering waits for the data.
 * Whatever `pendingTasks` says, a `metrics$` update of a tracker in the tree
 * holds one until it is delivered (a macrotask turn), so that after `spawn()`,
 * `await fixture.whenStable()` finds {@link injectTrackerMetrics} up to date.
 *
 * Defaults: `SemaphoreScheduler.withPermits(6)`, `LogOnlyPolicy`, name `'app'`,
 * a new scheduler and policy per application. A scheduler or policy
 * *instance* in `config` is shared by every application made from it: on a
 * server, by every request (see {@link TaskTrackerConfig}; in development mode
 * a second application using it is reported with `console.warn`).
 *
 * @example
 * ```ts
 * bootstrapApplication(AppComponent, {
 *   providers: [provideZonelessChangeDetection(), provideTaskTracker({ scheduler: () => SemaphoreScheduler.withPermits(4) })],
 * });
 * ```
 * @category Angular
 */
export function provideTaskTracker(config: TaskTrackerConfig = {}): EnvironmentProviders {
  checkKeys(config, CONFIG_KEYS, 'provideTaskTracker(config)');
  if (config.concurrency !== undefined && config.scheduler !== undefined) {
    throw new TypeError('provideTaskTracker(config): give concurrency or scheduler, not both (a scheduler has its own number of slots)');
  }
  if (config.concurrency !== undefined) checkInteger(config.concurrency, 'provideTaskTracker(config): concurrency', 1, true);
  return makeEnvironmentProviders([{ provide: TaskTracker, useFactory: () => createRootTracker(config) }]);
}

/** Runs in the environment injector that provides the root, once. */
function createRootTracker(config: TaskTrackerConfig): TaskTracker {
  const pendingTasks = inject(PendingTasks);
  const builder = TaskTracker.builder()
    .scheduler(instanceOf(config.scheduler, 'provideTaskTracker({ scheduler })') ?? SemaphoreScheduler.withPermits(config.concurrency ?? 6))
    .errorPolicy(instanceOf(config.errorPolicy, 'provideTaskTracker({ errorPolicy })') ?? new LogOnlyPolicy())
    .name(config.name ?? 'app')
    // Children inherit it: every metrics$ in the tree lands before the app is stable.
    .metricsScheduler(stableMetricsScheduler(pendingTasks));
  if (config.timeout !== undefined) builder.timeout(config.timeout);
  const tracker = builder.build();
  const destroyRef = inject(DestroyRef);
  if (config.pendingTasks !== false) {
    const stop = holdPendingTasks(tracker, pendingTasks);
    // Registered first, so it runs first: the entry is given back once, before
    // the cancellation below ends the tasks one by one in an application that is
    // being torn down.
    destroyRef.onDestroy(stop);
  }
  destroyRef.onDestroy(() => tracker.cancel(new OwnerDestroyed(APPLICATION_DESTROYED)));
  return tracker;
}
