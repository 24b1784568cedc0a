import { asyncScheduler, UnsubscriptionError } from 'rxjs';
import type { Observable, SchedulerLike, Subscriber, Subscription, Unsubscribable } from 'rxjs';
import { CancellationToken, type CancellationOwner } from '../cancellation/CancellationToken.js';
import { got } from '../errors/describeValue.js';
import { logError } from '../errors/logError.js';
import { TaskCancelledError } from '../errors/TaskCancelledError.js';
import { TaskTimeoutError } from '../errors/TaskTimeoutError.js';
import { TrackerClosedError } from '../errors/TrackerClosedError.js';
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot.js';
import { TaskMetrics } from '../metrics/TaskMetrics.js';
import type { OnErrorPolicy, TaskOutcome } from '../policies/OnErrorPolicy.js';
import type { TaskScheduler } from '../scheduling/TaskScheduler.js';
import { ChildRegistry, subtreeOf } from './ChildRegistry.js';
import { defaultPolicyErrorHandler, defaultTeardownErrorHandler } from './defaultHandlers.js';
import type { MetricsFeed } from './MetricsFeed.js';
import { Rejection } from './Rejection.js';
import type { TaskSink } from './taskStream.js';
import { attemptOf, noteStart } from './taskAttempts.js';
import { TaskHandle } from './TaskHandle.js';
import { CANCELLED, FAILED, SUCCESS } from './taskStates.js';
import { TaskSubject } from './TaskSubject.js';
import type { TaskTracker } from './TaskTracker.js';
import type { SpawnOptions, TaskTrackerOptions } from './TaskTrackerOptions.js';
import { checkName, checkSpawnOptions, checkTimeout } from './trackerChecks.js';
import type { TaskEndEvent, TrackerEvent } from './TrackerEvent.js';
import { emitEndEvent, emitEvent, emitTaskEvent } from './trackerEvents.js';

/**
 * @internal The bookkeeping every task of a tracker goes through: the fields of a
 * tracker, its counters up the tree, its list of unfinished tasks, closing,
 * cancelling and settling. {@link TaskTracker} is its only subclass and holds the
 * public API; the split keeps each file readable, nothing more.
 */
export abstract class TrackerCore implements CancellationOwner {
  /** The tracker's name. */
  readonly name: string;
  /** Names from the root down to this tracker, joined by `/`, e.g. `root/images`. */
  readonly path: string;
  /** The parent tracker; `undefined` for a root. */
  readonly parent: TaskTracker | undefined;
  /** Whether the name was chosen by the user (not a default such as `child-3`). */
  readonly named: boolean;

  /** @internal */ readonly _scheduler: TaskScheduler;
  /** @internal */ readonly _policy: OnErrorPolicy;
  /** @internal */ readonly _token: CancellationToken;
  /** @internal */ readonly _metrics: TaskMetrics;
  /** @internal */ readonly _clock: SchedulerLike;
  /** @internal */ readonly _timeout: number | undefined;
  /** @internal Whether the policy has an `admit` gate. */
  readonly _admit: boolean;
  /** @internal */ _closed = false;
  /** @internal */ _cancelled = false;
  /** @internal Unfinished tasks in the subtree, plus abandoned promises still holding slots. */
  _live = 0;
  /** @internal Unfinished tasks of this tracker, oldest first: what `cancel()` tears down. */
  _head: TaskHandle<unknown> | undefined = undefined;
  /** @internal */ _tail: TaskHandle<unknown> | undefined = undefined;
  /** @internal Children that are open or unsettled, held weakly. */
  _children: ChildRegistry | undefined = undefined;
  /** @internal Who listens to this tracker's events$. */
  _eventSinks: readonly Subscriber<TrackerEvent>[] | undefined = undefined;
  /** @internal What feeds metrics$, while it has subscribers. */
  _feed: MetricsFeed | undefined = undefined;
  /** @internal How many listen to events$ anywhere in this tree (kept on the root). */
  _eventListeners = 0;
  /** @internal Who listens to this tracker's taskEnds$. */
  _endSinks: readonly Subscriber<TaskEndEvent>[] | undefined = undefined;
  /** @internal How many listen to taskEnds$ anywhere in this tree (kept on the root). */
  _endListeners = 0;

  /** @internal */ readonly _root: TaskTracker;
  /** @internal */ readonly _policyEnds: boolean;
  /** @internal */ readonly _metricsScheduler: SchedulerLike;
  /** @internal */ readonly _onPolicyError: (error: unknown, task: TaskHandle<unknown>) => void;
  /** @internal */ readonly _onTeardownError: (error: unknown, task: TaskHandle<unknown> | undefined) => void;
  /** @internal */ readonly _tasks = new TaskSubject();
  /** @internal */ readonly _connection: Subscription;
  /** @internal */ _selfRef: WeakRef<TrackerCore> | undefined = undefined;
  /** @internal */ _childSeq = 0;
  /** @internal */ _settledOnce = false;
  /** @internal */ _cancelledWith: Rejection | undefined = undefined;
  /** @internal */ _joined: { promise: Promise<void>; resolve: () => void } | undefined = undefined;
  /** @internal */ _stopListening: (() => void) | undefined = undefined;
  /** @internal */ _events$: Observable<TrackerEvent> | undefined = undefined;
  /** @internal */ _metrics$: Observable<MetricsSnapshot> | undefined = undefined;
  /** @internal */ _taskEnds$: Observable<TaskEndEvent> | undefined = undefined;


  /** @internal Use `new TaskTracker()` or a builder. */
  constructor(scheduler: TaskScheduler, errorPolicy: OnErrorPolicy, options: TaskTrackerOptions | undefined) {
    // The only subclass is TaskTracker: this is one.
    const self = this as unknown as TaskTracker;
    if (typeof scheduler?.connect !== 'function') {
      throw new TypeError(`TaskTracker needs a scheduler (with connect(tasks)), got ${got(scheduler)}`);
    }
    if (typeof errorPolicy?.onError !== 'function' || typeof errorPolicy.createChild !== 'function') {
      throw new TypeError(`TaskTracker needs an error policy (with onError and createChild), got ${got(errorPolicy)}`);
    }
    const parent = options?.parent;
    this.parent = parent;
    this.named = options?.name !== undefined;
    this.name = checkName(options?.name ?? (parent === undefined ? 'root' : `child-${++parent._childSeq}`));
    this.path = parent === undefined ? this.name : `${parent.path}/${this.name}`;
    this._root = parent?._root ?? self;
    this._scheduler = scheduler;
    this._policy = errorPolicy;
    this._admit = typeof errorPolicy.admit === 'function';
    this._policyEnds = typeof errorPolicy.onTaskEnd === 'function';
    this._metrics = options?.metrics ?? new TaskMetrics();
    this._clock = options?.clock ?? parent?._clock ?? asyncScheduler;
    this._metricsScheduler = options?.metricsScheduler ?? parent?._metricsScheduler ?? asyncScheduler;
    this._onPolicyError = options?.onPolicyError ?? parent?._onPolicyError ?? defaultPolicyErrorHandler;
    this._onTeardownError = options?.onTeardownError ?? parent?._onTeardownError ?? defaultTeardownErrorHandler;
    const timeout = checkTimeout(options?.timeout, 'the tracker');
    // Infinity: no timeout, not even the parent's.
    this._timeout = timeout === undefined ? parent?._timeout : timeout === Infinity ? undefined : timeout;
    const token = options?.cancellationToken;
    if (token !== undefined && !(token instanceof CancellationToken)) {
      throw new TypeError(`cancellationToken must be a CancellationToken, got ${got(token)}`);
    }
    this._token = parent !== undefined ? CancellationToken._owned(parent._token, this) : (token ?? CancellationToken._owned(undefined, this));
    this._connection = scheduler.connect(this._tasks);
    if (parent !== undefined) {
      this._selfRef = (parent._children ??= new ChildRegistry()).add(this);
      if (parent._root._eventListeners > 0) emitEvent(parent, { type: 'child-created', path: parent.path, time: parent._clock.now(), child: this.path });
    } else if (token !== undefined) {
      // Last: the token may be cancelled already, and then the tracker is born cancelled.
      this._stopListening = token.onCancel((reason) => this._onTokenCancelled(reason));
    }
  }

  /** @internal Spawns a task; a `sink` makes it stream (see {@link TaskSink}). */
  _spawn(
    exec: Observable<unknown> | ((token?: CancellationToken) => unknown),
    kind: number,
    options: SpawnOptions | undefined,
    sink?: TaskSink,
  ): TaskHandle<unknown> {
    if (this._closed) throw new TrackerClosedError(this.path, 'spawn a task');
    const timeout = options === undefined ? undefined : checkSpawnOptions(options, 'spawn(task, options)');
    const priority = options?.priority;
    const handle = new TaskHandle<unknown>(this as unknown as TaskTracker, exec, kind, timeout, sink);
    if (options?.name !== undefined) handle._extras().name = options.name;
    // 0 is the default: no extras for it.
    if (priority !== undefined && priority !== 0) handle._extras().priority = priority;
    const tail = this._tail;
    if (tail === undefined) this._head = handle;
    else {
      tail._next = handle;
      handle._prev = tail;
    }
    this._tail = handle;
    for (let tracker: TrackerCore | undefined = this; tracker !== undefined; tracker = tracker.parent) {
      tracker._metrics._issued++;
      tracker._live++;
      tracker._feed?.changed();
    }
    if (this._root._eventListeners > 0) emitTaskEvent(this, 'issued', handle, this._clock.now());
    this._tasks.next(handle);
    return handle;
  }

  /** @internal Queues a task for a slot again (a retry or a reschedule). */
  _offer(handle: TaskHandle<unknown>): void {
    this._tasks.next(handle);
  }

  /** @internal */
  _taskStarted(handle: TaskHandle<unknown>, first: boolean): void {
    for (let tracker: TrackerCore | undefined = this; tracker !== undefined; tracker = tracker.parent) {
      const metrics = tracker._metrics;
      if (first) metrics._started++;
      metrics._active++;
      tracker._feed?.changed();
    }
    const root = this._root;
    if (root._eventListeners > 0) {
      const time = this._clock.now();
      if (first) noteStart(handle, time);
      emitTaskEvent(this, 'started', handle, time);
    } else if (root._endListeners > 0 && first) noteStart(handle, this._clock.now());
  }

  /** @internal A running task gave its slot back to wait (retry) or requeue (reschedule). */
  _taskPaused(handle: TaskHandle<unknown>, retry: boolean, error: unknown): void {
    for (let tracker: TrackerCore | undefined = this; tracker !== undefined; tracker = tracker.parent) {
      const metrics = tracker._metrics;
      metrics._active--;
      if (retry) metrics._retried++;
      tracker._feed?.changed();
    }
    if (retry && this._root._eventListeners > 0) {
      emitEvent(this, { type: 'retried', taskId: handle.id, path: this.path, time: this._clock.now(), attempt: attemptOf(handle) - 1, error });
    }
  }

  /**
   * @internal Records a task's outcome, in this tracker and every ancestor; its
   * work has stopped (or became an abandoned promise, counted apart).
   */
  _taskEnded(handle: TaskHandle<unknown>, outcome: number, wasRunning: boolean): void {
    const prev = handle._prev;
    const next = handle._next;
    if (prev === undefined) this._head = next;
    else prev._next = next;
    if (next === undefined) this._tail = prev;
    else next._prev = prev;
    handle._prev = handle._next = undefined;
    const timedOut = outcome === FAILED && handle._payload instanceof TaskTimeoutError;
    let settles = false;
    for (let tracker: TrackerCore | undefined = this; tracker !== undefined; tracker = tracker.parent) {
      const metrics = tracker._metrics;
      if (outcome === SUCCESS) metrics._success++;
      else if (outcome === FAILED) metrics._failed++;
      else if (outcome === CANCELLED) metrics._cancelled++;
      else metrics._rejected++;
      if (wasRunning) metrics._active--;
      if (timedOut) metrics._timedOut++;
      tracker._feed?.changed();
      if (--tracker._live === 0 && tracker._closed) settles = true;
    }
    // Settling hands metrics$ its last snapshot at once, and that subscriber may read
    // (or cancel) an ancestor: only once every ancestor has counted this task.
    if (settles) {
      for (let tracker: TrackerCore | undefined = this; tracker !== undefined; tracker = tracker.parent) {
        if (tracker._live === 0 && tracker._closed) tracker._settle();
      }
    }
    const root = this._root;
    const listening = root._eventListeners > 0 || root._endListeners > 0;
    if (!this._policyEnds && !listening) return;
    // The task's own error for a failure, the reason for a cancellation or a rejection.
    const result = handle._payload as { cause?: unknown; reason?: unknown } | undefined;
    const error = outcome === SUCCESS ? undefined : outcome === FAILED ? result!.cause : result!.reason;
    if (this._policyEnds) {
      try {
        this._policy.onTaskEnd!(handle, handle.status as TaskOutcome, error);
      } catch (policyError) {
        this._reportPolicyError(policyError, handle);
      }
    }
    if (listening) emitEndEvent(this, handle, outcome, error);
  }

  /** @internal Work began that `join()` must wait for (an abandoned promise still running). */
  _workStarted(): void {
    for (let tracker: TrackerCore | undefined = this; tracker !== undefined; tracker = tracker.parent) tracker._live++;
  }

  /** @internal An abandoned promise settled: its work has stopped. */
  _workStopped(): void {
    for (let tracker: TrackerCore | undefined = this; tracker !== undefined; tracker = tracker.parent) {
      if (--tracker._live === 0 && tracker._closed) tracker._settle();
    }
  }

  /** @internal Asks the policy's `admit` gate; a gate that throws lets the task run. */
  _askAdmission(handle: TaskHandle<unknown>): true | string {
    try {
      const verdict = this._policy.admit!(handle);
      // TaskRejectedError describes anything else than a string (and keeps it as its cause).
      return verdict === true ? true : (verdict as string);
    } catch (error) {
      this._reportPolicyError(error, handle);
      return true;
    }
  }

  /** @internal */
  _reportPolicyError(error: unknown, handle: TaskHandle<unknown>): void {
    try {
      this._onPolicyError(error, handle);
    } catch (handlerError) {
      logError('rx-task-tracker: onPolicyError threw', handlerError);
    }
  }

  /** @internal */
  _reportTeardownError(error: unknown, handle: TaskHandle<unknown> | undefined): void {
    try {
      this._onTeardownError(error, handle);
    } catch (handlerError) {
      logError('rx-task-tracker: onTeardownError threw', handlerError);
    }
  }

  /** @internal Unsubscribes `subscription`; a teardown that throws is reported, never thrown. */
  _unsubscribe(subscription: Unsubscribable, handle: TaskHandle<unknown> | undefined): void {
    try {
      subscription.unsubscribe();
    } catch (error) {
      this._reportTeardownErrors(error, handle);
    }
  }

  /**
   * @internal RxJS gathers the errors of every finalizer into one
   * UnsubscriptionError: report the teardowns' own errors, as they were thrown.
   */
  _reportTeardownErrors(error: unknown, handle: TaskHandle<unknown> | undefined): void {
    let errors: unknown[] = [error];
    try {
      if (error instanceof UnsubscriptionError) errors = error.errors;
    } catch {
      // A teardown threw a value that cannot be looked at (a revoked Proxy): report it as it is.
    }
    for (const each of errors) this._reportTeardownError(each, handle);
  }

  /** @internal The token was cancelled (by `cancel()`, directly, or by an ancestor): cancel the subtree. */
  _onTokenCancelled(reason: unknown): void {
    if (this._cancelled) return;
    const subtree = subtreeOf(this, true);
    // Mark every tracker first, so that no queued task of the subtree can take a
    // slot freed by tearing down another one.
    for (const tracker of subtree) {
      tracker._cancelled = true;
      if (tracker._root._eventListeners > 0) {
        emitEvent(tracker, { type: 'tracker-cancelled', path: tracker.path, time: tracker._clock.now(), reason });
      }
      tracker._close();
    }
    for (const tracker of subtree) {
      for (let task = tracker._head; task !== undefined; task = tracker._head) task._cancel(reason, tracker._cancelRejection());
    }
    for (const tracker of subtree) if (tracker._live === 0) tracker._settle();
  }

  /** @internal The one error the handles of this cancelled tracker's tasks reject with. */
  _cancelRejection(): Rejection {
    return (this._cancelledWith ??= new Rejection(new TaskCancelledError(undefined, this._token.reason, this.path)));
  }

  /** @internal */
  _close(): void {
    if (this._closed) return;
    this._closed = true;
    if (this._root._eventListeners > 0) emitEvent(this, { type: 'tracker-closed', path: this.path, time: this._clock.now() });
  }

  /** @internal Closed with nothing left: resolve `join()`, let go of the scheduler, the token and the parent. */
  _settle(): void {
    if (this._settledOnce) return;
    this._settledOnce = true;
    this._unsubscribe(this._connection, undefined);
    this._stopListening?.();
    this._stopListening = undefined;
    const ref = this._selfRef;
    if (ref !== undefined) {
      this._selfRef = undefined;
      this.parent!._children?.remove(ref);
    }
    const joined = this._joined;
    if (joined !== undefined) {
      this._joined = undefined;
      joined.resolve();
    }
    this._feed?.settled();
  }
}
