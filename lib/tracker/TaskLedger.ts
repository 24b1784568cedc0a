import type { Subscriber } from 'rxjs';
import type { CancellationOwner } from '../cancellation/CancellationToken.js';
import { TaskCancelledError } from '../errors/TaskCancelledError.js';
import { TaskTimeoutError } from '../errors/TaskTimeoutError.js';
import { TrackerClosedError } from '../errors/TrackerClosedError.js';
import type { TaskMetrics } from '../metrics/TaskMetrics.js';
import type { TaskOutcome } from '../protocol/OnErrorPolicy.js';
import { subtreeOf } from './ChildRegistry.js';
import type { MetricsFeed } from './MetricsFeed.js';
import { Rejection } from '../task/Rejection.js';
import { attemptOf, noteStart } from '../task/taskAttempts.js';
import type { TaskHandle } from '../task/TaskHandle.js';
import { CANCELLED, FAILED, outcomeOf, SUCCESS } from '../task/TaskState.js';
import { unlinkTask, type TaskList } from '../task/TaskList.js';
import type { TaskTracker } from './TaskTracker.js';
import type { TaskEndEvent, TrackerEvent } from './TrackerEvent.js';
import { emitEndEvent, emitEvent, emitTaskEvent } from './trackerEvents.js';
import { reportPolicyError, reportTeardownError, unsubscribeReporting } from '../task/errorReports.js';

/**
 * @internal The bookkeeping of one {@link TaskTracker}, which holds it: its
 * unfinished tasks, its counters and every ancestor's, whether it is open,
 * closed, cancelled or settled, and who is told (the metrics feed, the listeners
 * of `events$` and `taskEnds$`).
 *
 * The ledgers of a tree form a tree of their own, parallel to the trackers', so
 * that the loops of a task's every step (issued, started, ended) walk ledgers
 * and touch nothing else; the tracker is reached only off that path.
 */
export class TaskLedger implements CancellationOwner, TaskList {
  /** @internal The parent tracker's ledger. */ readonly _parent: TaskLedger | undefined;
  /** @internal The root's ledger, which counts the listeners of the whole tree. */ readonly _root: TaskLedger;
  /** @internal Unfinished tasks in the subtree, plus abandoned promises still holding slots. */
  _live = 0;
  /** @internal Unfinished tasks of this tracker, oldest first: what a cancellation tears down. */
  _head: TaskHandle<unknown> | undefined = undefined;
  /** @internal */ _tail: TaskHandle<unknown> | undefined = undefined;
  /** @internal */ _closed = false;
  /** @internal */ _cancelled = false;
  /** @internal What feeds metrics$ and the idle signals, while they have subscribers. */
  _feed: MetricsFeed | undefined = undefined;
  /** @internal Who listens to this tracker's events$. */
  _eventSinks: readonly Subscriber<TrackerEvent>[] | undefined = undefined;
  /** @internal Who listens to this tracker's taskEnds$. */
  _endSinks: readonly Subscriber<TaskEndEvent>[] | undefined = undefined;
  /** @internal How many listen to events$ anywhere in this tree (counted on the root). */
  _eventListeners = 0;
  /** @internal How many listen to taskEnds$ anywhere in this tree (counted on the root). */
  _endListeners = 0;
  /** @internal Where this tracker is registered in its parent's children. */
  _selfRef: WeakRef<TaskTracker> | undefined = undefined;
  /** @internal How many trackers of this tree are paused (counted on the root). */
  _paused = 0;
  /** @internal Stops following the root's own token (and its `signal` option). */
  _stopListening: (() => void) | undefined = undefined;
  /** @internal The one error this cancelled tracker's tasks reject with. */
  _cancelledWith: Rejection | undefined = undefined;
  private _settled = false;
  private _joined: { promise: Promise<void>; resolve: () => void } | undefined = undefined;

  constructor(
    /** @internal */ readonly _tracker: TaskTracker,
    /** @internal */ readonly _metrics: TaskMetrics,
    /** Whether the policy wants `onTaskEnd`. */
    private readonly _policyEnds: boolean,
  ) {
    const parent = _tracker.parent?._ledger;
    this._parent = parent;
    this._root = parent?._root ?? this;
  }

  /** @internal A task took a slot; `first` if it never ran before. */
  _taskStarted(handle: TaskHandle<unknown>, first: boolean): void {
    for (let ledger: TaskLedger | undefined = this; ledger !== undefined; ledger = ledger._parent) {
      const metrics = ledger._metrics;
      if (first) metrics._started++;
      metrics._active++;
      ledger._feed?.changed();
    }
    const root = this._root;
    if (root._eventListeners > 0) {
      const tracker = this._tracker;
      const time = tracker._clock.now();
      if (first) noteStart(handle, time);
      emitTaskEvent(tracker, 'started', handle, time);
    } else if (root._endListeners > 0 && first) noteStart(handle, this._tracker._clock.now());
  }

  /** @internal A running task gave its slot back to wait (retry) or requeue (reschedule). */
  _taskPaused(handle: TaskHandle<unknown>, retry: boolean, error: unknown): void {
    for (let ledger: TaskLedger | undefined = this; ledger !== undefined; ledger = ledger._parent) {
      const metrics = ledger._metrics;
      metrics._active--;
      if (retry) metrics._retried++;
      ledger._feed?.changed();
    }
    if (retry && this._root._eventListeners > 0) {
      const tracker = this._tracker;
      emitEvent(tracker, { type: 'retried', taskId: handle.id, path: tracker.path, time: tracker._clock.now(), attempt: attemptOf(handle) - 1, error });
    }
  }

  /**
   * @internal Records a task's outcome, here and in every ancestor; its work has
   * stopped (or became an abandoned promise, counted apart).
   */
  _taskEnded(handle: TaskHandle<unknown>, outcome: number, wasRunning: boolean): void {
    unlinkTask(this, handle);
    const timedOut = outcome === FAILED && outcomeOf(handle) instanceof TaskTimeoutError;
    let settles = false;
    for (let ledger: TaskLedger | undefined = this; ledger !== undefined; ledger = ledger._parent) {
      const metrics = ledger._metrics;
      if (outcome === SUCCESS) metrics._success++;
      else if (outcome === FAILED) metrics._failed++;
      else if (outcome === CANCELLED) metrics._cancelled++;
      else metrics._rejected++;
      if (wasRunning) metrics._active--;
      if (timedOut) metrics._timedOut++;
      ledger._feed?.changed();
      if (--ledger._live === 0 && ledger._closed) settles = true;
    }
    // Settling hands metrics$ its last snapshot at once, and that subscriber may read
    // (or cancel) an ancestor: only once every ancestor has counted this task.
    if (settles) {
      for (let ledger: TaskLedger | undefined = this; ledger !== undefined; ledger = ledger._parent) {
        if (ledger._live === 0 && ledger._closed) ledger._settle();
      }
    }
    const root = this._root;
    const listening = root._eventListeners > 0 || root._endListeners > 0;
    if (!this._policyEnds && !listening) return;
    // The task's own error for a failure, the reason for a cancellation or a rejection.
    const result = outcomeOf(handle) as { cause?: unknown; reason?: unknown } | undefined;
    const error = outcome === SUCCESS ? undefined : outcome === FAILED ? result!.cause : result!.reason;
    const tracker = this._tracker;
    if (this._policyEnds) {
      try {
        tracker._policy.onTaskEnd!(handle, handle.status as TaskOutcome, error);
      } catch (policyError) {
        reportPolicyError(handle, policyError);
      }
    }
    if (listening) emitEndEvent(tracker, handle, outcome, error);
  }

  /** @internal Work began that `join()` must wait for (an abandoned promise still running). */
  _workStarted(): void {
    for (let ledger: TaskLedger | undefined = this; ledger !== undefined; ledger = ledger._parent) {
      ledger._live++;
      ledger._metrics._stopping++;
      ledger._feed?.changed();
    }
  }

  /** @internal An abandoned promise settled: its work has stopped. */
  _workStopped(): void {
    for (let ledger: TaskLedger | undefined = this; ledger !== undefined; ledger = ledger._parent) {
      ledger._metrics._stopping--;
      ledger._feed?.changed();
      if (--ledger._live === 0 && ledger._closed) ledger._settle();
    }
  }

  /** @internal The token was cancelled (by `cancel()`, directly, or by an ancestor): cancel the subtree. */
  _onTokenCancelled(reason: unknown): void {
    if (this._cancelled) return;
    const origin = this._tracker;
    const subtree = subtreeOf(origin, true);
    // Mark every tracker first, so that no queued task of the subtree can take a
    // slot freed by tearing down another one.
    for (const tracker of subtree) {
      const ledger = tracker._ledger;
      ledger._cancelled = true;
      if (ledger._root._eventListeners > 0) {
        emitEvent(tracker, { type: 'tracker-cancelled', path: tracker.path, time: tracker._clock.now(), reason });
      }
      ledger._close();
      // A cancelled tracker holds nothing back any more.
      if (tracker._parked !== undefined) {
        tracker._parked = undefined;
        ledger._root._paused--;
      }
    }
    for (const tracker of subtree) {
      const ledger = tracker._ledger;
      for (let task = ledger._head; task !== undefined; task = ledger._head) task._cancel(reason, ledger._cancelRejection());
    }
    for (const tracker of subtree) if (tracker._ledger._live === 0) tracker._ledger._settle();
  }

  /** @internal `tracker.cancel(reason)`: cancels its token, which cancels the subtree (see {@link TaskLedger._onTokenCancelled}). */
  _cancel(reason: unknown): boolean {
    const tracker = this._tracker;
    if (tracker._token.isCancelled()) return false;
    try {
      tracker._token.cancel(reason);
    } catch (error) {
      // A listener of the token threw; the token has told everyone else regardless.
      reportTeardownError(tracker._handlers, error);
    }
    return true;
  }

  /** @internal `tracker.join()`: closes the whole subtree at once, then waits for it to settle. */
  _join(): Promise<void> {
    const subtree = subtreeOf(this._tracker, false);
    for (const tracker of subtree) tracker._ledger._close();
    for (const tracker of subtree) if (tracker._ledger._live === 0) tracker._ledger._settle();
    return this._whenSettled();
  }

  /** @internal The one error the handles of this cancelled tracker's tasks reject with. */
  _cancelRejection(): Rejection {
    const tracker = this._tracker;
    return (this._cancelledWith ??= new Rejection(new TaskCancelledError(undefined, tracker._token.reason, tracker.path)));
  }

  /** @internal No more tasks nor children: this tracker or an ancestor was cancelled or joined. */
  _close(): void {
    if (this._closed) return;
    this._closed = true;
    const tracker = this._tracker;
    if (this._root._eventListeners > 0) emitEvent(tracker, { type: 'tracker-closed', path: tracker.path, time: tracker._clock.now() });
  }

  /**
   * @internal The error for `action` on this closed tracker, naming who closed it
   * and how: the topmost closed one of it and its ancestors, since `cancel()` and
   * `join()` close a whole subtree (and a closed tracker makes no child).
   */
  _closedError(action: string): TrackerClosedError {
    const tracker = this._tracker;
    let by = tracker;
    while (by.parent?._ledger._closed) by = by.parent;
    const how = by._ledger._cancelled ? 'cancelled' : 'joined';
    return new TrackerClosedError(tracker.path, action, `${by === tracker ? 'it' : `its ancestor "${by.path}"`} was ${how}`);
  }

  /** @internal Resolves once this closed tracker has settled; at once if it has. */
  _whenSettled(): Promise<void> {
    if (this._live === 0) return Promise.resolve();
    if (this._joined === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this._joined = { promise, resolve };
    }
    return this._joined.promise;
  }

  /** @internal Closed with nothing left: resolve `join()`, let go of the scheduler, the token and the parent. */
  _settle(): void {
    if (this._settled) return;
    this._settled = true;
    const tracker = this._tracker;
    unsubscribeReporting(tracker._handlers, tracker._connection);
    this._stopListening?.();
    this._stopListening = undefined;
    const ref = this._selfRef;
    if (ref !== undefined) {
      this._selfRef = undefined;
      tracker.parent!._children?.remove(ref);
    }
    const joined = this._joined;
    if (joined !== undefined) {
      this._joined = undefined;
      joined.resolve();
    }
    this._feed?.settled();
  }
}
