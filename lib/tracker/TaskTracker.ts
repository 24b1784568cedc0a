import { asapScheduler, asyncScheduler, isObservable, Observable, Subject, UnsubscriptionError } from 'rxjs';
import type { ObservableInput, SchedulerLike, Subscriber, Subscription, Unsubscribable } from 'rxjs';
import { CancellationToken } from '../cancellation/CancellationToken.js';
import { got } from '../errors/describeValue.js';
import { TaskCancelledError } from '../errors/TaskCancelledError.js';
import { TaskTimeoutError } from '../errors/TaskTimeoutError.js';
import { TrackerClosedError } from '../errors/TrackerClosedError.js';
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot.js';
import { TaskMetrics } from '../metrics/TaskMetrics.js';
import type { OnErrorPolicy, TaskOutcome } from '../policies/OnErrorPolicy.js';
import type { ScheduledTask, TaskScheduler } from '../scheduling/TaskScheduler.js';
import type { CancellableTaskResult } from './CancellableTaskResult.js';
import { ChildTrackerBuilder } from './ChildTrackerBuilder.js';
import {
  CANCELLED,
  FAILED,
  Rejection,
  SUCCESS,
  TASK_CANCELLABLE,
  TASK_PLAIN,
  TaskHandle,
  type TaskSink,
} from './TaskHandle.js';
import { TaskTrackerBuilder } from './TaskTrackerBuilder.js';
import type { TrackerEvent } from './TrackerEvent.js';

/** Options of a tracker; the builders set them for you. */
export interface TaskTrackerOptions {
  /**
   * The tracker's name, the last part of its path (`root/images`) in events and
   * in Prometheus labels. Must not contain `/`.
   * @defaultValue `'root'` for a root tracker, `'child-<n>'` for the n-th child
   */
  readonly name?: string;
  /**
   * Used as the tracker's own token (a root tracker only): cancelling it cancels
   * the tracker, as `tracker.cancel()` does.
   * @defaultValue a new token
   */
  readonly cancellationToken?: CancellationToken;
  /**
   * The counters to update (a root tracker only).
   * @defaultValue a new {@link TaskMetrics}
   */
  readonly metrics?: TaskMetrics;
  /**
   * Default per-task timeout, in milliseconds of the clock: a task that runs longer
   * is torn down and fails with a `TaskTimeoutError`. Children inherit it.
   * @defaultValue none
   */
  readonly timeout?: number;
  /**
   * The RxJS scheduler all of the tracker's time goes through: timeouts, retry
   * delays, event timestamps. Children inherit it. Marble tests need nothing here:
   * `TestScheduler.run` makes the default virtual.
   * @defaultValue `asyncScheduler`
   */
  readonly clock?: SchedulerLike;
  /**
   * Where `metrics$` coalesces: after a burst of changes it emits once, when this
   * scheduler runs the flush. Children inherit it.
   * @defaultValue `asapScheduler` (once per microtask burst; virtual in marble tests)
   */
  readonly metricsScheduler?: SchedulerLike;
  /**
   * Told when an error policy (or one of its actions or hooks) throws. The task
   * still ends, failed with its own error. Children inherit it.
   * @defaultValue logs with `console.error`
   */
  readonly onPolicyError?: (error: unknown, task: TaskHandle<unknown>) => void;
  /**
   * Told when tearing work down throws: an Observable task's teardown (a buggy
   * third-party Observable), a retry delay's, a cancel listener of the tracker's
   * token. Cancellation goes on regardless: every other task is still torn down,
   * the task still ends `cancelled` (or as it was ending), and `cancel()` never
   * throws. `task` is the task whose teardown threw, when there is one.
   * Children inherit it.
   * @defaultValue logs with `console.error`
   */
  readonly onTeardownError?: (error: unknown, task: TaskHandle<unknown> | undefined) => void;
  /** @internal */
  readonly parent?: TaskTracker;
}

/** Options of one `spawn`. */
export interface SpawnOptions {
  /**
   * This task's timeout, in milliseconds of the tracker's clock (overrides the
   * tracker's). Each run (each retry) gets the whole timeout.
   */
  readonly timeout?: number;
}

/** The value a task function's return type `R` produces. */
export type TaskValue<R> = R extends ObservableInput<infer V> ? Unwrapped<V> : Unwrapped<R>;
type Unwrapped<V> = V extends CancellableTaskResult<infer U> ? U : V;

/** One tracker of the tree returned by {@link TaskTracker.tree}. */
export interface TrackerTree {
  /** The tracker's name. */
  readonly name: string;
  /** Its path from the root, e.g. `root/images`. */
  readonly path: string;
  /** Whether it was closed (by `join()`, `cancel()` or a shutdown). */
  readonly closed: boolean;
  /** Whether it was cancelled. */
  readonly cancelled: boolean;
  /** Its counters (its subtree's) at the moment of the call. */
  readonly metrics: MetricsSnapshot;
  /** Its children that are open or still have unfinished tasks. */
  readonly children: readonly TrackerTree[];
}

/** Forgets a child tracker the garbage collector took (it was open, idle and unreferenced). */
const childRefs = new FinalizationRegistry<{ parent: TaskTracker; ref: WeakRef<TaskTracker> }>(({ parent, ref }) => {
  parent._children?.delete(ref);
});

const defaultPolicyErrorHandler = (error: unknown, task: TaskHandle<unknown>) =>
  console.error(
    `rx-task-tracker: the error policy of tracker "${task._tracker.path}" threw while handling ${task.id}; ` +
      'the task ends failed with its own error.',
    error,
  );

const defaultTeardownErrorHandler = (error: unknown, task: TaskHandle<unknown> | undefined) =>
  console.error(
    `rx-task-tracker: tearing down ${task === undefined ? 'a tracker' : `${task.id} of tracker "${task._tracker.path}"`} threw; ` +
      'cancellation went on regardless.',
    error,
  );

/**
 * Spawns tasks (Observables, or functions returning promises or Observables)
 * under a scheduler that bounds how many run at once, an error policy that
 * decides what a failure means, and a cancellation token that stops them all,
 * and keeps exact metrics of them. Trackers form a tree:
 *
 * - a child ({@link TaskTracker.childTracker}) shares its parent's scheduler (one
 *   pool of slots), gets a child of its error policy and a child of its token;
 * - cancelling a tracker cancels its whole subtree, never its parent;
 * - a tracker's metrics include its descendants';
 * - {@link TaskTracker.join} closes the subtree and waits for every task in it.
 *
 * Each tracker is a `Subject` of tasks connected to its scheduler, which merges
 * the streams of all trackers that share it with a concurrency limit; when a
 * task holds a slot it is subscribed (or called) right away, synchronously
 * inside `spawn` if a slot is free, so marble tests see exact frames.
 *
 * Why a tracker and not `mergeMap(fn, n)`: a tracker keeps a handle per task
 * (await it, cancel it), closes and joins, survives failures by policy, and
 * counts everything, across a tree whose branches you cancel independently.
 *
 * @example
 * ```ts
 * const root = TaskTracker.builder()
 *   .scheduler(SemaphoreScheduler.withPermits(3))
 *   .errorPolicy(new LogOnlyPolicy())
 *   .build();
 * const h1 = root.spawn(() => Promise.resolve(1));
 * const h2 = root.spawn(of(2));
 * console.log(await h1, await h2); // 1 2
 * await root.join();
 * ```
 */
export class TaskTracker {
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
  _children: Set<WeakRef<TaskTracker>> | undefined = undefined;
  /** @internal How many listen to events$ anywhere in this tree (kept on the root). */
  _eventListeners = 0;

  private readonly _root: TaskTracker;
  private readonly _policyEnds: boolean;
  private readonly _metricsScheduler: SchedulerLike;
  private readonly _onPolicyError: (error: unknown, task: TaskHandle<unknown>) => void;
  private readonly _onTeardownError: (error: unknown, task: TaskHandle<unknown> | undefined) => void;
  private readonly _tasks = new TaskSubject();
  private readonly _connection: Subscription;
  private _selfRef: WeakRef<TaskTracker> | undefined = undefined;
  private _childSeq = 0;
  private _settledOnce = false;
  private _cancelledWith: Rejection | undefined = undefined;
  private _joined: { promise: Promise<void>; resolve: () => void } | undefined = undefined;
  private _stopListening: (() => void) | undefined = undefined;
  private _eventSinks: Set<Subscriber<TrackerEvent>> | undefined = undefined;
  private _events$: Observable<TrackerEvent> | undefined = undefined;
  private _watchers: Set<Subscriber<MetricsSnapshot>> | undefined = undefined;
  private _metrics$: Observable<MetricsSnapshot> | undefined = undefined;
  private _flush: Subscription | undefined = undefined;

  /**
   * Creates a root tracker (the Rust `TaskTracker::new`). The builder
   * ({@link TaskTracker.builder}) reads better when you set more than the two.
   *
   * @throws TypeError if `scheduler` or `errorPolicy` is missing or malformed.
   * @throws RangeError if `options.timeout` is not a positive finite number.
   *
   * @example
   * ```ts
   * const tracker = new TaskTracker(SemaphoreScheduler.withPermits(10), new LogOnlyPolicy());
   * ```
   */
  constructor(scheduler: TaskScheduler, errorPolicy: OnErrorPolicy, options?: TaskTrackerOptions) {
    if (typeof scheduler?.connect !== 'function') {
      throw new TypeError(
        `TaskTracker needs a scheduler (an object with connect(tasks)), got ${got(scheduler)}. ` +
          'Use new UnlimitedScheduler() or SemaphoreScheduler.withPermits(n).',
      );
    }
    if (typeof errorPolicy?.onError !== 'function' || typeof errorPolicy.createChild !== 'function') {
      throw new TypeError(
        `TaskTracker needs an error policy (an object with onError and createChild), got ${got(errorPolicy)}. ` +
          'Use new LogOnlyPolicy() for the default.',
      );
    }
    const parent = options?.parent;
    this.parent = parent;
    this.named = options?.name !== undefined;
    this.name = checkName(options?.name ?? (parent === undefined ? 'root' : `child-${++parent._childSeq}`));
    this.path = parent === undefined ? this.name : `${parent.path}/${this.name}`;
    this._root = parent?._root ?? this;
    this._scheduler = scheduler;
    this._policy = errorPolicy;
    this._admit = typeof errorPolicy.admit === 'function';
    this._policyEnds = typeof errorPolicy.onTaskEnd === 'function';
    this._metrics = options?.metrics ?? new TaskMetrics();
    this._clock = options?.clock ?? parent?._clock ?? asyncScheduler;
    this._metricsScheduler = options?.metricsScheduler ?? parent?._metricsScheduler ?? asapScheduler;
    this._onPolicyError = options?.onPolicyError ?? parent?._onPolicyError ?? defaultPolicyErrorHandler;
    this._onTeardownError = options?.onTeardownError ?? parent?._onTeardownError ?? defaultTeardownErrorHandler;
    this._timeout = checkTimeout(options?.timeout, 'the tracker') ?? parent?._timeout;
    const token = options?.cancellationToken;
    if (token !== undefined && !(token instanceof CancellationToken)) {
      throw new TypeError(`cancellationToken must be a CancellationToken, got ${got(token)}`);
    }
    this._token = parent !== undefined ? CancellationToken._owned(parent._token, this) : (token ?? CancellationToken._owned(undefined, this));
    this._connection = scheduler.connect(this._tasks);
    if (parent !== undefined) {
      const ref = (this._selfRef = new WeakRef(this));
      (parent._children ??= new Set()).add(ref);
      childRefs.register(this, { parent, ref }, ref);
      if (parent._root._eventListeners > 0) parent._emit({ type: 'child-created', path: parent.path, time: parent._clock.now(), child: this.path });
    } else if (token !== undefined) {
      // Last: the token may be cancelled already, and then the tracker is born cancelled.
      this._stopListening = token.onCancel((reason) => this._onTokenCancelled(reason));
    }
  }

  /**
   * Starts building a root tracker (the Rust `TaskTracker::builder()`).
   *
   * @example
   * ```ts
   * const tracker = TaskTracker.builder()
   *   .scheduler(SemaphoreScheduler.withPermits(10))
   *   .errorPolicy(new LogOnlyPolicy())
   *   .name('loader')
   *   .build();
   * ```
   */
  static builder(): TaskTrackerBuilder {
    return new TaskTrackerBuilder();
  }

  /**
   * Spawns a task. It runs once the scheduler gives it a slot (at once, inside
   * this call, if one is free): an Observable is subscribed, a function is called
   * and what it returns (a Promise, an Observable, an iterable, or a plain value)
   * is awaited. The task succeeds with the last value (`undefined` if it completes
   * empty); errors go to the tracker's error policy.
   *
   * Pass a function, not a Promise: a Promise is already running, so no
   * scheduler could hold it back.
   *
   * @throws TrackerClosedError if the tracker is closed (no metric changes).
   * @throws TypeError if `task` is a Promise, or neither an Observable nor a function.
   *
   * @example
   * ```ts
   * const user = tracker.spawn(() => fetch('/api/user').then((r) => r.json()));
   * const tick = tracker.spawn(timer(1000));
   * const slow = tracker.spawn(() => slowCall(), { timeout: 5000 });
   * ```
   */
  spawn<V>(task: Observable<V>, options?: SpawnOptions): TaskHandle<V>;
  spawn<R>(task: () => R, options?: SpawnOptions): TaskHandle<TaskValue<R>>;
  spawn(task: Observable<unknown> | (() => unknown), options?: SpawnOptions): TaskHandle<unknown> {
    if (typeof task !== 'function' && !isObservable(task)) throw badTask(task, 'spawn(task)');
    return this._spawn(task, TASK_PLAIN, options);
  }

  /**
   * Spawns a task that receives its cancellation token, to stop on its own terms
   * (pass `token.signal` to `fetch`, or check `token.isCancelled()`). It may return
   * a {@link CancellableTaskResult}: `ok(v)` (or a plain value) succeeds,
   * `cancelled()` ends cancelled, `err(e)` (or a thrown error) fails through the
   * error policy; an `AbortError` (or the token's reason) thrown after the token
   * fired counts as cancelled.
   *
   * @throws TrackerClosedError if the tracker is closed.
   * @throws TypeError if `fn` is not a function.
   *
   * @example
   * ```ts
   * tracker.spawnCancellable((token) => fetch(url, { signal: token.signal }));
   * ```
   */
  spawnCancellable<R>(fn: (token: CancellationToken) => R, options?: SpawnOptions): TaskHandle<TaskValue<R>> {
    if (typeof fn !== 'function') {
      throw new TypeError(
        `spawnCancellable(fn) expects a function (token) => ObservableInput, got ${got(fn)}. ` +
          'Example: tracker.spawnCancellable((token) => fetch(url, { signal: token.signal }))',
      );
    }
    return this._spawn(fn as (token?: CancellationToken) => R, TASK_CANCELLABLE, options) as TaskHandle<TaskValue<R>>;
  }

  /**
   * Spawns a task lazily, as a cold Observable: nothing happens until it is
   * subscribed, and each subscription spawns one task (issued then, not before).
   * It emits every value the task emits, as it emits them (a promise's or a
   * plain value's one value), and completes when the task succeeds.
   *
   * Unsubscribing before the end cancels the task (a queued one leaves the queue
   * and never starts; a running one is torn down at once and its token fires),
   * counted `cancelled`, and tells nobody. A task that fails for good (after the
   * error policy: a retried run emits its values again) errors with its
   * `TaskFailedError` or `TaskRejectedError`; a cancelled tracker, ancestor or
   * token errors with the `TaskCancelledError`; a closed tracker errors with
   * `TrackerClosedError` on subscribe.
   *
   * `task` is an Observable, or a function of the task's token returning an
   * ObservableInput (a Promise, an Observable…): pass `token.signal` to `fetch`.
   *
   * ```text
   * task:      --a--b--|
   * spawn$:    --a--b--|     subscribed at 0, one task
   * unsub:     --a-!         the task is torn down at 4, counted cancelled
   * ```
   *
   * @throws TypeError (at the call, not on subscribe) if `task` is a Promise or
   *   neither an Observable nor a function.
   * @throws RangeError if `options.timeout` is not a positive finite number.
   *
   * @example Angular, with `async` in the template: leaving the page cancels the request
   * ```ts
   * readonly user$ = this.tracker.spawn$((token) => fetch('/api/user', { signal: token.signal }).then((r) => r.json()));
   * ```
   */
  spawn$<V>(task: Observable<V> | ((token: CancellationToken) => ObservableInput<V>), options?: SpawnOptions): Observable<V> {
    if (typeof task !== 'function' && !isObservable(task)) throw badTask(task, 'spawn$(task)');
    if (options !== undefined) checkTimeout(options.timeout, 'spawn$(task, options)');
    const kind = typeof task === 'function' ? TASK_CANCELLABLE : TASK_PLAIN;
    return new Observable<V>((subscriber) => {
      let handle: TaskHandle<unknown>;
      try {
        handle = this._spawn(task as Observable<V>, kind, options, subscriber);
      } catch (error) {
        subscriber.error(error);
        return undefined;
      }
      return () => handle._unsubscribed();
    });
  }

  /**
   * The tracker's live counters: its own tasks and all its descendants'.
   *
   * @example
   * ```ts
   * const m = tracker.metrics();
   * m.issued() === m.success() + m.failed() + m.cancelled() + m.rejected() + m.pending(); // always
   * ```
   */
  metrics(): TaskMetrics {
    return this._metrics;
  }

  /**
   * Cancels this tracker and its whole subtree, at once: every tracker in it is
   * closed, every queued task ends cancelled without starting, every running
   * task is torn down (an Observable is unsubscribed, a cancellable task's token
   * fires) and ends cancelled. Handles reject with a `TaskCancelledError`
   * carrying `reason`. The parent is untouched. Same as cancelling
   * {@link TaskTracker.cancellationToken}.
   *
   * @returns `true` if this call cancelled the tracker, `false` if it already was.
   *
   * @example
   * ```ts
   * ngOnDestroy() {
   *   this.tracker.cancel('component destroyed');
   * }
   * ```
   */
  cancel(reason?: unknown): boolean {
    if (this._token.isCancelled()) return false;
    try {
      this._token.cancel(reason);
    } catch (error) {
      // A listener of the token threw; the token has told everyone else regardless.
      this._reportTeardownError(error, undefined);
    }
    return true;
  }

  /**
   * The tracker's token: cancelling it cancels the tracker. Its `signal` aborts
   * when the tracker is cancelled.
   */
  cancellationToken(): CancellationToken {
    return this._token;
  }

  /**
   * Direct children that are open or still have unfinished tasks. A child that
   * was closed and has settled stops counting; a child nobody references any more
   * is forgotten once the garbage collector takes it.
   */
  childCount(): number {
    let count = 0;
    if (this._children !== undefined) for (const ref of this._children) if (ref.deref() !== undefined) count++;
    return count;
  }

  /**
   * Closes this tracker and all its descendants at once (no new tasks, no new
   * children), cancels nothing, and resolves once every task in the subtree has
   * settled and its work has stopped (a cancelled promise task counts until its
   * promise settles). Resolves at once for an idle tracker. Stack-safe at any
   * depth.
   *
   * Called from inside one of the tracker's own tasks, it waits for that task
   * too, as tokio's `TaskTracker::wait` does: a task that awaits its own
   * tracker's `join()` waits for itself and never resumes (even cancelled, its
   * promise still counts as work). Race it with the task's token instead:
   * `await Promise.race([tracker.join(), token.cancelled()])`.
   *
   * @example
   * ```ts
   * for (const url of urls) tracker.spawn(() => fetch(url));
   * await tracker.join(); // every request has finished
   * ```
   */
  join(): Promise<void> {
    const subtree = this._subtree(false);
    for (const tracker of subtree) tracker._close();
    for (const tracker of subtree) if (tracker._live === 0) tracker._settle();
    if (this._live === 0) return Promise.resolve();
    if (this._joined === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this._joined = { promise, resolve };
    }
    return this._joined.promise;
  }

  /** Whether the tracker was closed by `cancel()`, `join()` or a shutdown. */
  isClosed(): boolean {
    return this._closed;
  }

  /**
   * Creates a child tracker that shares this tracker's scheduler (and so its
   * slots), gets `errorPolicy.createChild()`, a child of this tracker's token, and
   * rolls its metrics up into this tracker's.
   *
   * @throws TrackerClosedError if this tracker is closed.
   *
   * @example
   * ```ts
   * const images = root.childTracker();
   * images.cancel(); // root keeps running
   * ```
   */
  childTracker(): TaskTracker {
    return this._createChild(undefined, undefined, undefined, undefined);
  }

  /**
   * Starts building a child tracker, to give it its own scheduler, error policy,
   * name or timeout; whatever is not set is inherited as in
   * {@link TaskTracker.childTracker}.
   *
   * @example
   * ```ts
   * const images = root.childTrackerBuilder().name('images').scheduler(SemaphoreScheduler.withPermits(2)).build();
   * ```
   */
  childTrackerBuilder(): ChildTrackerBuilder {
    return new ChildTrackerBuilder(this);
  }

  /**
   * Snapshots of the counters, on subscribe and then after changes, coalesced:
   * a burst of changes (10,000 tasks settling in one tick) gives one emission,
   * when the `metricsScheduler` (default `asapScheduler`) runs. With no
   * subscriber it costs nothing.
   *
   * @example Angular
   * ```ts
   * readonly metrics$ = this.tracker.metrics$;
   * // template: {{ (metrics$ | async)?.active }} running
   * ```
   */
  get metrics$(): Observable<MetricsSnapshot> {
    return (this._metrics$ ??= new Observable<MetricsSnapshot>((subscriber) => {
      (this._watchers ??= new Set()).add(subscriber);
      subscriber.next(this._metrics.snapshot());
      return () => {
        const watchers = this._watchers;
        if (watchers === undefined) return;
        watchers.delete(subscriber);
        if (watchers.size === 0) {
          this._watchers = undefined;
          this._flush?.unsubscribe();
          this._flush = undefined;
        }
      };
    }));
  }

  /**
   * Lifecycle events of this tracker's tasks and of its descendants' (issued,
   * started, succeeded, failed, retried, cancelled, rejected), and of the
   * trackers (child-created, tracker-closed, tracker-cancelled), each with the
   * task id, the tracker's path and a timestamp from the tracker's clock. No
   * event object is built while nobody listens anywhere in the tree.
   *
   * @example
   * ```ts
   * tracker.events$
   *   .pipe(filter((e) => e.type === 'failed'))
   *   .subscribe((e) => console.warn(e.path, e.taskId, e.error));
   * ```
   */
  get events$(): Observable<TrackerEvent> {
    return (this._events$ ??= new Observable<TrackerEvent>((subscriber) => {
      (this._eventSinks ??= new Set()).add(subscriber);
      this._root._eventListeners++;
      return () => {
        this._eventSinks?.delete(subscriber);
        this._root._eventListeners--;
      };
    }));
  }

  /**
   * The live hierarchy under this tracker, for a dashboard: names, paths, state,
   * counters and children (open or unsettled ones).
   *
   * @example
   * ```ts
   * console.log(JSON.stringify(root.tree(), null, 2));
   * ```
   */
  tree(): TrackerTree {
    const make = (tracker: TaskTracker) => ({
      name: tracker.name,
      path: tracker.path,
      closed: tracker._closed,
      cancelled: tracker._cancelled,
      metrics: tracker._metrics.snapshot(),
      children: [] as TrackerTree[],
    });
    const top = make(this);
    const stack: [TaskTracker, { children: TrackerTree[] }][] = [[this, top]];
    while (stack.length > 0) {
      const [tracker, node] = stack.pop()!;
      for (const child of tracker._liveChildren()) {
        const childNode = make(child);
        node.children.push(childNode);
        stack.push([child, childNode]);
      }
    }
    return top;
  }

  // ---------------------------------------------------------------- internals

  /** @internal */
  _createChild(
    scheduler: TaskScheduler | undefined,
    policy: OnErrorPolicy | undefined,
    name: string | undefined,
    timeout: number | undefined,
  ): TaskTracker {
    if (this._closed) throw new TrackerClosedError(this.path, 'create a child tracker');
    return new TaskTracker(scheduler ?? this._scheduler, policy ?? this._policy.createChild(), {
      parent: this,
      name,
      timeout,
    });
  }

  /** @internal Spawns a task; a `sink` makes it stream (see {@link TaskSink}). */
  _spawn(
    exec: Observable<unknown> | ((token?: CancellationToken) => unknown),
    kind: number,
    options: SpawnOptions | undefined,
    sink?: TaskSink,
  ): TaskHandle<unknown> {
    if (this._closed) throw new TrackerClosedError(this.path, 'spawn a task');
    const timeout = options === undefined ? undefined : checkTimeout(options.timeout, 'spawn(task, options)');
    const handle = new TaskHandle<unknown>(this, exec, kind, timeout, sink);
    const tail = this._tail;
    if (tail === undefined) this._head = handle;
    else {
      tail._next = handle;
      handle._prev = tail;
    }
    this._tail = handle;
    for (let tracker: TaskTracker | undefined = this; tracker !== undefined; tracker = tracker.parent) {
      tracker._metrics._issued++;
      tracker._live++;
      if (tracker._watchers !== undefined) tracker._metricsChanged();
    }
    if (this._root._eventListeners > 0) this._emitTask('issued', handle);
    this._tasks.next(handle);
    return handle;
  }

  /** @internal Queues a task for a slot again (a retry or a reschedule). */
  _offer(handle: TaskHandle<unknown>): void {
    this._tasks.next(handle);
  }

  /** @internal */
  _taskStarted(handle: TaskHandle<unknown>, first: boolean): void {
    for (let tracker: TaskTracker | undefined = this; tracker !== undefined; tracker = tracker.parent) {
      const metrics = tracker._metrics;
      if (first) metrics._started++;
      metrics._active++;
      if (tracker._watchers !== undefined) tracker._metricsChanged();
    }
    if (this._root._eventListeners > 0) {
      if (first) handle._noteStart(this._clock.now());
      this._emitTask('started', handle);
    }
  }

  /** @internal A running task gave its slot back to wait (retry) or requeue (reschedule). */
  _taskPaused(handle: TaskHandle<unknown>, retry: boolean, error: unknown): void {
    for (let tracker: TaskTracker | undefined = this; tracker !== undefined; tracker = tracker.parent) {
      const metrics = tracker._metrics;
      metrics._active--;
      if (retry) metrics._retried++;
      if (tracker._watchers !== undefined) tracker._metricsChanged();
    }
    if (retry && this._root._eventListeners > 0) {
      this._emit({ type: 'retried', taskId: handle.id, path: this.path, time: this._clock.now(), attempt: handle._attempt() - 1, error });
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
    for (let tracker: TaskTracker | undefined = this; tracker !== undefined; tracker = tracker.parent) {
      const metrics = tracker._metrics;
      if (outcome === SUCCESS) metrics._success++;
      else if (outcome === FAILED) metrics._failed++;
      else if (outcome === CANCELLED) metrics._cancelled++;
      else metrics._rejected++;
      if (wasRunning) metrics._active--;
      if (timedOut) metrics._timedOut++;
      if (tracker._watchers !== undefined) tracker._metricsChanged();
      if (--tracker._live === 0 && tracker._closed) tracker._settle();
    }
    const listening = this._root._eventListeners > 0;
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
    if (listening) this._emitEnd(handle, outcome, error);
  }

  /** @internal Work began that `join()` must wait for (an abandoned promise still running). */
  _workStarted(): void {
    for (let tracker: TaskTracker | undefined = this; tracker !== undefined; tracker = tracker.parent) tracker._live++;
  }

  /** @internal An abandoned promise settled: its work has stopped. */
  _workStopped(): void {
    for (let tracker: TaskTracker | undefined = this; tracker !== undefined; tracker = tracker.parent) {
      if (--tracker._live === 0 && tracker._closed) tracker._settle();
    }
  }

  /** @internal Asks the policy's `admit` gate; a gate that throws lets the task run. */
  _askAdmission(handle: TaskHandle<unknown>): true | string {
    try {
      const verdict = this._policy.admit!(handle);
      return verdict === true ? true : String(verdict);
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
      console.error('rx-task-tracker: onPolicyError threw', handlerError);
    }
  }

  /** @internal */
  _reportTeardownError(error: unknown, handle: TaskHandle<unknown> | undefined): void {
    try {
      this._onTeardownError(error, handle);
    } catch (handlerError) {
      console.error('rx-task-tracker: onTeardownError threw', handlerError);
    }
  }

  /** @internal Unsubscribes `subscription`; a teardown that throws is reported, never thrown. */
  _unsubscribe(subscription: Unsubscribable, handle: TaskHandle<unknown> | undefined): void {
    try {
      subscription.unsubscribe();
    } catch (error) {
      // RxJS gathers the errors of every finalizer into one UnsubscriptionError:
      // report the teardowns' own errors, as they were thrown.
      const errors = error instanceof UnsubscriptionError ? error.errors : [error];
      for (const each of errors) this._reportTeardownError(each, handle);
    }
  }

  /** @internal The token was cancelled (by `cancel()`, directly, or by an ancestor): cancel the subtree. */
  _onTokenCancelled(reason: unknown): void {
    if (this._cancelled) return;
    const subtree = this._subtree(true);
    // Mark every tracker first, so that no queued task of the subtree can take a
    // slot freed by tearing down another one.
    for (const tracker of subtree) {
      tracker._cancelled = true;
      if (tracker._root._eventListeners > 0) {
        tracker._emit({ type: 'tracker-cancelled', path: tracker.path, time: tracker._clock.now(), reason });
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

  private _close(): void {
    if (this._closed) return;
    this._closed = true;
    if (this._root._eventListeners > 0) this._emit({ type: 'tracker-closed', path: this.path, time: this._clock.now() });
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
      this.parent!._children?.delete(ref);
      childRefs.unregister(ref);
    }
    const joined = this._joined;
    if (joined !== undefined) {
      this._joined = undefined;
      joined.resolve();
    }
  }

  /** This tracker and its descendants (without recursion), skipping cancelled branches if asked. */
  private _subtree(skipCancelled: boolean): TaskTracker[] {
    const trackers: TaskTracker[] = [];
    const stack: TaskTracker[] = [this];
    while (stack.length > 0) {
      const tracker = stack.pop()!;
      if (skipCancelled && tracker._cancelled) continue;
      trackers.push(tracker);
      for (const child of tracker._liveChildren()) stack.push(child);
    }
    return trackers;
  }

  private _liveChildren(): TaskTracker[] {
    const children: TaskTracker[] = [];
    if (this._children !== undefined) {
      for (const ref of this._children) {
        const child = ref.deref();
        if (child !== undefined) children.push(child);
      }
    }
    return children;
  }

  private _metricsChanged(): void {
    if (this._flush === undefined) this._flush = this._metricsScheduler.schedule(() => this._publish());
  }

  private _publish(): void {
    this._flush = undefined;
    const watchers = this._watchers;
    if (watchers === undefined) return;
    const snapshot = this._metrics.snapshot();
    for (const watcher of watchers) watcher.next(snapshot);
  }

  /** @internal Sends an event to the listeners of this tracker and of its ancestors. */
  _emit(event: TrackerEvent): void {
    for (let tracker: TaskTracker | undefined = this; tracker !== undefined; tracker = tracker.parent) {
      const sinks = tracker._eventSinks;
      if (sinks !== undefined) for (const sink of sinks) sink.next(event);
    }
  }

  private _emitTask(type: 'issued' | 'started', handle: TaskHandle<unknown>): void {
    const taskId = handle.id;
    const time = this._clock.now();
    this._emit(type === 'issued' ? { type, taskId, path: this.path, time } : { type, taskId, path: this.path, time, attempt: handle._attempt() });
  }

  private _emitEnd(handle: TaskHandle<unknown>, outcome: number, error: unknown): void {
    const taskId = handle.id;
    const path = this.path;
    const time = this._clock.now();
    const startedAt = handle._x?.startedAt;
    const duration = startedAt === undefined ? undefined : time - startedAt;
    this._emit(
      outcome === SUCCESS
        ? { type: 'succeeded', taskId, path, time, duration }
        : outcome === FAILED
          ? { type: 'failed', taskId, path, time, error, duration }
          : outcome === CANCELLED
            ? { type: 'cancelled', taskId, path, time, reason: error, duration }
            : { type: 'rejected', taskId, path, time, reason: String(error) },
    );
  }
}


function badTask(task: unknown, where: string): TypeError {
  if (task !== null && typeof task === 'object' && typeof (task as PromiseLike<unknown>).then === 'function') {
    return new TypeError(
      `${where} got a Promise, which is already running, so no scheduler could hold it back. ` +
        'Pass a function that starts the work instead: tracker.spawn(() => fetch(url)).',
    );
  }
  return new TypeError(
    `${where} expects an Observable or a function returning an ObservableInput (Promise, Observable, iterable…), ` +
      `got ${got(task)}.`,
  );
}

/** @internal Validates a timeout option: a positive finite number of milliseconds, or undefined. */
export function checkTimeout(timeout: number | undefined, where: string): number | undefined {
  if (timeout === undefined) return undefined;
  if (typeof timeout !== 'number' || !(timeout > 0 && timeout < Infinity)) {
    throw new RangeError(`${where}: timeout must be a positive finite number of milliseconds, got ${got(timeout)}`);
  }
  return timeout;
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('/')) {
    throw new TypeError(`A tracker name must be a non-empty string without '/', got ${got(name)}`);
  }
  return name;
}


/**
 * The tracker's stream of tasks: a Subject whose `next` goes straight to its one
 * subscriber (the scheduler). RxJS's own `Subject#next` allocates a closure per
 * call for its error context and copies its observer list on each change; for
 * a stream that carries a million tasks to one scheduler that was a tenth of the
 * cost of a task. Anything else (no subscriber, several, a future RxJS without
 * `observers`) takes the ordinary path.
 */
class TaskSubject extends Subject<ScheduledTask> {
  override next(task: ScheduledTask): void {
    const observers = this.observers as ReadonlyArray<{ next(task: ScheduledTask): void }> | undefined;
    if (observers?.length === 1 && !this.isStopped) observers[0].next(task);
    else super.next(task);
  }
}
