import { Observable, type SchedulerLike, type Subscriber, type Subscription } from 'rxjs';
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot.js';
import type { TaskMetrics } from '../metrics/TaskMetrics.js';

/**
 * @internal What feeds a tracker's `metrics$` while somebody watches it: its
 * subscribers and the one pending flush.
 *
 * Why coalesced: 10,000 tasks settling in one tick are 40,000 counter changes,
 * and a template wants one number per frame, not 40,000. A change schedules one
 * flush on the `metricsScheduler`; the flush reads the counters as they are then.
 * A tracker holds a feed only while it has subscribers, so its hot path pays one
 * `undefined` check when nobody watches.
 */
export class MetricsFeed {
  private readonly _watchers = new Set<Subscriber<MetricsSnapshot>>();
  private _flush: Subscription | undefined = undefined;

  constructor(
    private readonly _metrics: TaskMetrics,
    private readonly _scheduler: SchedulerLike,
  ) {}

  /**
   * The `metrics$` of a tracker: `feed()` gives the tracker's feed, made on
   * first need; `drop()` lets the tracker forget it when the last subscriber leaves.
   */
  static stream(metrics: TaskMetrics, feed: () => MetricsFeed, drop: () => void): Observable<MetricsSnapshot> {
    return new Observable<MetricsSnapshot>((subscriber) => {
      const current = feed();
      current._watchers.add(subscriber);
      subscriber.next(metrics.snapshot());
      return () => {
        current._watchers.delete(subscriber);
        if (current._watchers.size === 0) {
          current._flush?.unsubscribe();
          current._flush = undefined;
          drop();
        }
      };
    });
  }

  /** A counter changed: publish once the scheduler runs, whatever else changes meanwhile. */
  changed(): void {
    if (this._flush === undefined) this._flush = this._scheduler.schedule(() => this._publish());
  }

  private _publish(): void {
    this._flush = undefined;
    if (this._watchers.size === 0) return;
    const snapshot = this._metrics.snapshot();
    for (const watcher of this._watchers) watcher.next(snapshot);
  }
}
