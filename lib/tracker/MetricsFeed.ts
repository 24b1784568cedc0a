import { asapScheduler, Observable, type SchedulerLike, type Subscriber, type Subscription } from 'rxjs';
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot.js';
import type { TaskTracker } from './TaskTracker.js';

/** @internal Who a flush is for: `metrics$` (0, a view) or the idle signals (1, code waiting). */
export type FeedLane = 0 | 1;

/**
 * @internal What feeds a tracker's counters to those who watch them, while
 * somebody does: `metrics$` and the idle signals (`onIdle()`, `idle$`…).
 *
 * Why coalesced: 10,000 tasks settling in one tick are 40,000 counter changes,
 * and a template wants one number per frame, not 40,000. A change schedules one
 * flush per lane; the flush reads the counters as they are then. `metrics$`
 * flushes on the `metricsScheduler` (by default `asyncScheduler`: once per
 * macrotask turn, as nothing renders between two microtasks). The signals flush
 * on `asapScheduler` whatever that is: they resume code, not a view, and a
 * producer waiting on `onQueuedLessThan(n)` must not wait for a timer while the
 * queue drains. A tracker holds a feed only while it has subscribers, so its hot
 * path pays one `undefined` check when nobody watches.
 */
export class MetricsFeed {
  private readonly _watchers = [new Set<Subscriber<MetricsSnapshot>>(), new Set<Subscriber<MetricsSnapshot>>()];
  private readonly _flushes: (Subscription | undefined)[] = [undefined, undefined];
  private readonly _schedulers: readonly SchedulerLike[];

  private constructor(private readonly _tracker: TaskTracker) {
    this._schedulers = [_tracker._metricsScheduler, asapScheduler];
  }

  /**
   * Snapshots of `tracker`'s counters for `lane`: the current one on subscribe,
   * then one per flush. The tracker holds its feed from the first subscriber of
   * either lane until the last one leaves.
   */
  static stream(tracker: TaskTracker, lane: FeedLane): Observable<MetricsSnapshot> {
    return new Observable<MetricsSnapshot>((subscriber) => {
      const ledger = tracker._ledger;
      const feed = (ledger._feed ??= new MetricsFeed(tracker));
      const watchers = feed._watchers[lane];
      watchers.add(subscriber);
      subscriber.next(ledger._metrics.snapshot());
      return () => {
        watchers.delete(subscriber);
        if (watchers.size > 0) return;
        feed._flushes[lane]?.unsubscribe();
        feed._flushes[lane] = undefined;
        if (feed._watchers[1 - lane].size === 0 && ledger._feed === feed) ledger._feed = undefined;
      };
    });
  }

  /** A counter changed: each lane watched publishes once its scheduler runs, whatever else changes meanwhile. */
  changed(): void {
    for (let lane = 0; lane < 2; lane++) {
      if (this._flushes[lane] === undefined && this._watchers[lane].size > 0) {
        this._flushes[lane] = this._schedulers[lane].schedule(() => this._publish(lane));
      }
    }
  }

  /**
   * The tracker settled (what `join()` waits for): deliver a pending `metrics$`
   * update now, so that after `await join()` every subscriber holds the final
   * counters and no flush (a timer, on the default scheduler) outlives the tracker.
   */
  settled(): void {
    const flush = this._flushes[0];
    if (flush === undefined) return;
    flush.unsubscribe();
    this._publish(0);
  }

  private _publish(lane: number): void {
    this._flushes[lane] = undefined;
    const watchers = this._watchers[lane];
    if (watchers.size === 0) return;
    const snapshot = this._tracker._ledger._metrics.snapshot();
    for (const watcher of watchers) watcher.next(snapshot);
  }
}
