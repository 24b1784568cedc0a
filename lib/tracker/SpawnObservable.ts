import { Observable } from 'rxjs';
import type { Subscriber, TeardownLogic } from 'rxjs';
import { isOwnerDestroyed } from '../task/brands.js';
import type { SpawnOptions } from './TaskTrackerOptions.js';
import type { TaskHandle } from '../task/TaskHandle.js';
import { unsubscribeTask } from '../task/taskStream.js';
import type { TaskTracker } from './TaskTracker.js';

/** The slot every RxJS Subscription has for the teardown it was created with; a Subscriber leaves it empty. */
interface TeardownSlot {
  initialTeardown?: () => void;
}

/**
 * @internal What `tracker.spawn$(task)` returns: one task per subscription.
 *
 * A queued task's bytes decide how fast a backlog runs (garbage collection is
 * most of its time), and a `spawn$` task is queued as a subscriber as well as a
 * task. So this is a class rather than `new Observable(fn)` (no subscribe
 * closure), and the teardown that cancels the task goes into the subscriber's
 * own empty `initialTeardown` slot rather than being returned: RxJS keeps a
 * returned teardown in an array it allocates per subscriber, which was a quarter
 * of what a queued `spawn$` task held. A subscriber without that slot (another
 * RxJS than 7) gets the teardown returned, as usual.
 */
export class SpawnObservable<V> extends Observable<V> {
  constructor(
    private readonly _tracker: TaskTracker,
    private readonly _task: unknown,
    private readonly _kind: number,
    private readonly _options: SpawnOptions | undefined,
  ) {
    super();
  }

  /** @internal */
  _subscribe(subscriber: Subscriber<V>): TeardownLogic {
    let handle: TaskHandle<unknown>;
    try {
      handle = this._tracker._spawn(this._task as Observable<V>, this._kind, this._options, subscriber);
    } catch (error) {
      // Closed: a tracker whose owner went away (OwnerDestroyed) has nothing to report.
      const tracker = this._tracker;
      if (tracker._ledger._cancelled && isOwnerDestroyed(tracker._token.reason)) subscriber.complete();
      else subscriber.error(error);
      return undefined;
    }
    const slot = subscriber as unknown as TeardownSlot;
    if (subscriber.closed || !('initialTeardown' in slot) || slot.initialTeardown !== undefined) return () => unsubscribeTask(handle);
    slot.initialTeardown = () => unsubscribeTask(handle);
    return undefined;
  }
}
