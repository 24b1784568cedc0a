import type { PendingTasks } from '@angular/core';
import type { Subscription } from 'rxjs';
import type { TaskTracker } from '../tracker/TaskTracker.js';

/**
 * Holds one Angular `PendingTasks` entry while `tracker` (its own tasks and its
 * descendants') has any task pending, queued or running: taken when `pending`
 * goes from 0 to 1, given back when it returns to 0, never one per task. While
 * it is held, `ApplicationRef.whenStable()` waits, and server-side rendering
 * serializes the page only after the data has loaded.
 * {@link provideTaskTracker} does this for the root tracker (`pendingTasks:
 * true`); call it yourself for a tracker you built and provided by hand.
 *
 * It follows `tracker.events$` and reads the counters synchronously at each
 * event, rather than watching `metrics$`, which coalesces (on `asyncScheduler`):
 * the entry is taken inside `spawn()` and given back inside the call that ends
 * the last task, so no stability check can slip in between. The price is one
 * event object per step of each task while it holds.
 *
 * @param pendingTasks Angular's `PendingTasks` (`inject(PendingTasks)`).
 * @returns A function that stops following the tracker and gives the entry back
 *   if it is held. Calling it again does nothing.
 *
 * @example A tracker provided by hand
 * ```ts
 * providers: [
 *   {
 *     provide: TaskTracker,
 *     useFactory: () => {
 *       const tracker = new TaskTracker({ concurrency: 4 });
 *       inject(DestroyRef).onDestroy(holdPendingTasks(tracker, inject(PendingTasks)));
 *       return tracker;
 *     },
 *   },
 * ]
 * ```
 * @category Angular
 */
export function holdPendingTasks(tracker: TaskTracker, pendingTasks: Pick<PendingTasks, 'add'>): () => void {
  const metrics = tracker.metrics();
  let release: (() => void) | undefined;
  let stopped = false;
  const sync = (): void => {
    if (stopped) return;
    const busy = metrics.pending() > 0;
    if (busy && release === undefined) {
      release = pendingTasks.add();
    } else if (!busy && release !== undefined) {
      const done = release;
      release = undefined;
      done();
    }
  };
  // Every change of `pending` (a task issued, a task ended) comes with an event,
  // emitted after the counters have changed; the other events change nothing
  // here and cost one comparison.
  const subscription: Subscription = tracker.events$.subscribe(sync);
  // Tasks spawned before this call.
  sync();
  return () => {
    if (stopped) return;
    stopped = true;
    subscription.unsubscribe();
    const done = release;
    release = undefined;
    done?.();
  };
}
