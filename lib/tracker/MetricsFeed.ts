import { asapScheduler, Observable, type SchedulerLike, type Subscriber, type Subscription } from 'rxjs';
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot.js';
import type { TrackerCore } from './TrackerCore.js';

/** @internal Who a flush is for: `metrics$` (a view), or the idle and back-pressure signals (code waiting). */
export type FeedLane = 'view' | 'wait';

/** Subscribers coalesced on one scheduler, and their one pending flush. */
class Lane {
  watchers: readonly Subscriber<MetricsSnapshot>[] = [];
  flush: Subscription | undefined = undefined;
  /** Made once, so that scheduling a flush allocates no closure. */
  readonly run: () => void;

  constructor(
    feed: MetricsFeed,
    readonly scheduler: SchedulerLike,
  ) {
    this.run = () => feed._publish(this);
  }
}

/**
 * @internal What feeds a tracker's counters to those who watch them while
 * somebody does: `metrics$` and the idle signals (`onIdle()`, `idle$`…).
 *
 * Why coalesced: 10,000 tasks settling in one tick are 40,000 counter changes,
 * and a template wants one number per frame, not 40,000. A change schedules one
 * flush per lane; the flush reads the counters as they are then. `metrics$`
 * flushes on the `metricsScheduler` (by default `asyncScheduler`: once per
 * macrotask turn, as nothing renders between two microtasks). The signals flush
 * on `asapScheduler` whatever that is: they resume code, not a view, and a
 * producer waiting on `onQueuedLessThan(n)` must not wait a timer's turn while
 * the queue drains. A tracker holds a feed only while it has subscribers, so its
 * hot path pays one `undefined` check when nobody watches.
 */
export class MetricsFeed {
  private readonly _view: Lane;
  private readonly _wait: Lane;

  private constructor(
    private readonly _tracker: TrackerCore,
    scheduler: SchedulerLike,
  ) {
    this._view = new Lane(this, scheduler);
    this._wait = new Lane(this, asapScheduler);
  }

  /**
   * Snapshots of `tracker`'s counters for `lane`: the current one on subscribe,
   * then one per flush. The tracker holds its feed from the first subscriber of
   * either lane to the last one's leaving.
   */
  static stream(tracker: TrackerCore, lane: FeedLane): Observable<MetricsSnapshot> {
    return new Observable<MetricsSnapshot>((subscriber) => {
      const feed = (tracker._feed ??= new MetricsFeed(tracker, tracker._metricsScheduler));
      const own = lane === 'view' ? feed._view : feed._wait;
      own.watchers = [...own.watchers, subscriber];
      subscriber.next(tracker._metrics.snapshot());
      return () => {
        own.watchers = own.watchers.filter((each) => each !== subscriber);
        if (own.watchers.length > 0) return;
        own.flush?.unsubscribe();
        own.flush = undefined;
        if (feed._view.watchers.length === 0 && feed._wait.watchers.length === 0 && tracker._feed === feed) tracker._feed = undefined;
      };
    });
  }

  /** A counter changed: each lane with watchers publishes once its scheduler runs, whatever else changes meanwhile. */
  changed(): void {
    const view = this._view;
    if (view.flush === undefined && view.watchers.length > 0) view.flush = view.scheduler.schedule(view.run);
    const wait = this._wait;
    if (wait.flush === undefined && wait.watchers.length > 0) wait.flush = wait.scheduler.schedule(wait.run);
  }

  /**
   * The tracker settled (what `join()` waits for): deliver a pending `metrics$`
   * update now, so that after `await join()` every subscriber holds the final
   * counters and no flush (a timer, on the default scheduler) outlives the tracker.
   */
  settled(): void {
    const flush = this._view.flush;
    if (flush === undefined) return;
    flush.unsubscribe();
    this._publish(this._view);
  }

  /** @internal */
  _publish(lane: Lane): void {
    lane.flush = undefined;
    const watchers = lane.watchers;
    if (watchers.length === 0) return;
    const snapshot = this._tracker._metrics.snapshot();
    // The array taken now: a watcher that leaves (or joins) meanwhile disturbs nothing.
    for (let i = 0; i < watchers.length; i++) watchers[i].next(snapshot);
  }
}
