import type { Observable } from 'rxjs';
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot.js';
import { checkQueuedLimit, idleOf, isEmpty, isIdle, whenMetrics } from './idleSignals.js';
import type { TaskTracker } from './TaskTracker.js';
import { TrackerCore } from './TrackerCore.js';

/**
 * @internal The back-pressure and idle signals of a tracker (p-queue's
 * `onIdle`, `onEmpty`, `onSizeLessThan`), kept apart from {@link TaskTracker}'s
 * file. They look at the subtree's counters through the tracker's metrics feed
 * (as `metrics$` does, but once per microtask burst), so a tracker nobody waits
 * on pays nothing for them.
 */
export abstract class TrackerSignals extends TrackerCore {
  private _idle$: Observable<void> | undefined = undefined;
  /** @internal The counters as the signals follow them (see `idleSignals.ts`). */
  _waits$: Observable<MetricsSnapshot> | undefined = undefined;

  /**
   * Resolves when no task is pending in the subtree (none queued, running or
   * waiting for a retry); at once if none is. Unlike `join()`, it closes
   * nothing: spawning goes on.
   *
   * @example
   * ```ts
   * for (const file of files) tracker.spawn(() => upload(file));
   * await tracker.onIdle(); // every upload has ended; the tracker still takes tasks
   * ```
   */
  onIdle(): Promise<void> {
    return whenMetrics(this as unknown as TaskTracker, isIdle);
  }

  /**
   * Resolves when no task of the subtree waits (for a slot, or for a retry's
   * delay: `metrics().queued()` is 0), though some may still run; at once if
   * none waits.
   *
   * @example
   * ```ts
   * await tracker.onEmpty(); // everything spawned so far has started
   * ```
   */
  onEmpty(): Promise<void> {
    return whenMetrics(this as unknown as TaskTracker, isEmpty);
  }

  /**
   * Resolves when fewer than `n` tasks of the subtree wait (`metrics().queued()`:
   * for a slot, or for a retry's delay); at once if that is so now.
   * Back-pressure for a producer: await it before spawning more.
   * @throws RangeError if `n` is not a positive integer.
   *
   * @example
   * ```ts
   * for await (const row of rows) {
   *   await tracker.onQueuedLessThan(100); // never more than 100 rows waiting
   *   tracker.spawn(() => insert(row));
   * }
   * ```
   */
  onQueuedLessThan(n: number): Promise<void> {
    const limit = checkQueuedLimit(n);
    return whenMetrics(this as unknown as TaskTracker, (s) => s.queued < limit);
  }

  /**
   * Emits when the subtree becomes idle (no pending task): at once on
   * subscription if it is idle then, and each time it becomes idle again. A
   * burst of changes (one microtask turn) is looked at once, when it is over.
   *
   * @example
   * ```ts
   * tracker.idle$.subscribe(() => spinner.hide());
   * ```
   */
  get idle$(): Observable<void> {
    return (this._idle$ ??= idleOf(this as unknown as TaskTracker));
  }
}
