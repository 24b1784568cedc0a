import { Observable } from 'rxjs';
import { checkCount } from '../errors/checkCount.js';
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot.js';
import { MetricsFeed } from './MetricsFeed.js';
import type { TaskTracker } from './TaskTracker.js';

/**
 * @internal The counters as the signals see them: `metrics$`'s snapshots, but
 * coalesced per microtask burst whatever the `metricsScheduler` (see
 * {@link MetricsFeed}), so a tracker nobody waits on pays nothing, and a burst
 * of changes is looked at once, as it stands when the burst is over.
 */
function waitFeed(tracker: TaskTracker): Observable<MetricsSnapshot> {
  return (tracker._waits$ ??= MetricsFeed.stream(tracker, 1));
}

/**
 * @internal Resolves once `test` holds for the tracker's counters: at once if it
 * does now, else at the first flush where it does.
 */
export function whenMetrics(tracker: TaskTracker, test: (snapshot: MetricsSnapshot) => boolean): Promise<void> {
  if (test(tracker._metrics.snapshot())) return Promise.resolve();
  return new Promise<void>((resolve) => {
    let done = false;
    const subscription = waitFeed(tracker).subscribe((snapshot) => {
      if (done || !test(snapshot)) return;
      done = true;
      resolve();
      subscription?.unsubscribe();
    });
    if (done) subscription.unsubscribe();
  });
}

/** @internal `tracker.idle$`: at subscription if idle, then each time `pending` comes back to 0. */
export function idleOf(tracker: TaskTracker): Observable<void> {
  return new Observable<void>((subscriber) => {
    let idle = false;
    return waitFeed(tracker).subscribe((snapshot) => {
      const now = snapshot.pending === 0;
      if (now && !idle) subscriber.next();
      idle = now;
    });
  });
}

/** @internal Validates `onQueuedLessThan(n)`. */
export function checkQueuedLimit(n: number): number {
  return checkCount(n, 'onQueuedLessThan(n): n');
}

export const isIdle = (s: MetricsSnapshot): boolean => s.pending === 0;
export const isEmpty = (s: MetricsSnapshot): boolean => s.queued === 0;
