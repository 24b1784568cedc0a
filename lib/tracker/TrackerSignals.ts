import { Observable } from 'rxjs';
import { checkInteger } from '../errors/checks.js';
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot.js';
import { MetricsFeed } from './MetricsFeed.js';
import type { TaskTracker } from './TaskTracker.js';

/**
 * @internal The back-pressure and idle signals of a tracker (p-queue's
 * `onIdle`, `onEmpty`, `onSizeLessThan`), held by the tracker from their first
 * use. They look at the subtree's counters through the tracker's metrics feed
 * (as `metrics$` does, but coalesced per microtask burst whatever the
 * `metricsScheduler`, see {@link MetricsFeed}), so a tracker nobody waits on pays
 * nothing for them, and a burst of changes is looked at once, as it stands when
 * the burst is over.
 */
export class TrackerSignals {
  /** The counters as the signals follow them. */
  private readonly _waits$: Observable<MetricsSnapshot>;
  /** What `idle$` returns, made once. */
  readonly idle$: Observable<void>;

  constructor(private readonly _tracker: TaskTracker) {
    const waits$ = (this._waits$ = MetricsFeed.stream(_tracker, 1));
    // At subscription if idle, then each time `pending` comes back to 0.
    this.idle$ = new Observable<void>((subscriber) => {
      let idle = false;
      return waits$.subscribe((snapshot) => {
        const now = snapshot.pending === 0;
        if (now && !idle) subscriber.next();
        idle = now;
      });
    });
  }

  /** Resolves once `test` holds for the counters: at once if it does now, else at the first flush where it does. */
  when(test: (snapshot: MetricsSnapshot) => boolean): Promise<void> {
    if (test(this._tracker._ledger._metrics.snapshot())) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let done = false;
      const subscription = this._waits$.subscribe((snapshot) => {
        if (done || !test(snapshot)) return;
        done = true;
        resolve();
        subscription?.unsubscribe();
      });
      if (done) subscription.unsubscribe();
    });
  }
}

/** @internal Validates `onQueuedLessThan(n)`. */
export function checkQueuedLimit(n: number): number {
  return checkInteger(n, 'onQueuedLessThan(n): n');
}

export const isIdle = (s: MetricsSnapshot): boolean => s.pending === 0;
export const isEmpty = (s: MetricsSnapshot): boolean => s.queued === 0;
