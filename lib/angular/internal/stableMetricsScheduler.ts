import type { PendingTasks } from '@angular/core';
import { asyncScheduler, type SchedulerAction, type SchedulerLike, type Subscription } from 'rxjs';

/**
 * @internal The `metricsScheduler` of a tracker made by `provideTaskTracker`:
 * `asyncScheduler`, as by default, holding an Angular `PendingTasks` entry from
 * the moment a `metrics$` update is scheduled until it has been delivered.
 *
 * Why: `metrics$` coalesces a burst of changes into one emission a macrotask
 * turn later. Without this, `spawn()` followed at once by `await fixture.whenStable()`
 * (or `appRef.whenStable()`) finds the application stable before the update
 * reaches the signal of {@link injectTrackerMetrics}, and the template is one
 * update behind. Held, the update lands first, and giving the entry back makes
 * Angular run change detection. A tracker schedules here only while something
 * watches its `metrics$`, so an unwatched tree costs nothing more.
 */
export function stableMetricsScheduler(pendingTasks: Pick<PendingTasks, 'add'>): SchedulerLike {
  return {
    now: () => asyncScheduler.now(),
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
      const release = pendingTasks.add();
      const action = asyncScheduler.schedule<T>(function (this: SchedulerAction<T>, value?: T) {
        try {
          work.call(this, value);
        } finally {
          release();
        }
      }, delay, state);
      // A flush dropped before it runs (its last watcher left) gives the entry back too.
      action.add(release);
      return action;
    },
  };
}
