import { asyncScheduler } from 'rxjs';
import type { Observable, ObservableInput, SchedulerLike, Subscription } from 'rxjs';
import { got } from '../errors/describeValue.js';
import { DEFAULT_HANDLERS } from './defaultHandlers.js';
import { CancellationToken } from '../cancellation/CancellationToken.js';
import { checkSignal } from '../cancellation/checkSignal.js';
import { inspectAs, inspectKey } from '../errors/inspectAs.js';
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot.js';
import { TaskMetrics } from '../metrics/TaskMetrics.js';
import type { OnErrorPolicy } from '../protocol/OnErrorPolicy.js';
import type { TaskScheduler } from '../scheduling/TaskScheduler.js';
import { TaskSubject } from '../scheduling/TaskSubject.js';
import type { ErrorHandlers } from '../task/errorReports.js';
import type { TaskContext } from '../task/TaskContext.js';
import type { TaskHandle } from '../task/TaskHandle.js';
import { TASK_CANCELLABLE, TASK_PLAIN } from '../task/TaskState.js';
import type { TaskSink } from '../task/taskStream.js';
import { ChildRegistry } from './ChildRegistry.js';
import { ChildTrackerBuilder } from './ChildTrackerBuilder.js';
import { followTrackerSignal } from './followTrackerSignal.js';
import { MetricsFeed } from './MetricsFeed.js';
import { clearQueue, isHeld, parkIfPaused, pauseTracker, resumeTracker } from './pauseTracker.js';
import { readTrackerArgs } from './readTrackerArgs.js';
import { spawnTask } from './spawnTask.js';
import { SpawnObservable } from './SpawnObservable.js';
import { TaskLedger } from './TaskLedger.js';
import { TaskTrackerBuilder } from './TaskTrackerBuilder.js';
import type { SpawnOptions, TaskTrackerOptions, TaskValue } from './TaskTrackerOptions.js';
import { checkName, checkSpawnOptions, checkTask, checkTimeout } from './trackerChecks.js';
import type { TaskEndEvent, TrackerEvent } from './TrackerEvent.js';
import { emitEvent, eventsOf, taskEndsOf } from './trackerEvents.js';
import { checkQueuedLimit, isEmpty, isIdle, TrackerSignals } from './TrackerSignals.js';
import { treeOf, type TrackerTree } from './TrackerTree.js';

/**
 * Runs tasks under a scheduler that bounds how many run at once and an error policy
 * that decides what a failure means, and counts them. Trackers form a tree: a child
 * ({@link TaskTracker.childTracker}) shares its parent's slots and counts into its
 * metrics; cancelling a tracker cancels its subtree, never its parent. See
 * [the tracker tree](../../README.md#the-tracker-tree) and [Guarantees](../../docs/guarantees.md).
 * @example
 * ```ts
 * const tracker = new TaskTracker({ concurrency: 3 });
 * const user = tracker.spawn(({ signal }) => fetch('/api/user', { signal }).then((r) => r.json()));
 * await tracker.join();
 * ```
 * @category Tracker
 */
export class TaskTracker {
  /** The tracker's name: the one given (`builder().name()`, `childTrackerBuilder().name()`), else `root` or `child-<n>`. */
  readonly name: string;
  /** Names from the root down to this tracker, joined by `/`, e.g. `root/images`. */
  readonly path: string;
  /** The parent tracker; `undefined` for a root. */
  readonly parent: TaskTracker | undefined;

  // What it was built with: set once, inherited by children where the README says so.
  /** @internal Whether the name was chosen by the user (not a default such as `child-3`). */ readonly _named: boolean;
  /** @internal */ readonly _scheduler: TaskScheduler;
  /** @internal */ readonly _policy: OnErrorPolicy;
  /** @internal */ readonly _token: CancellationToken;
  /** @internal */ readonly _clock: SchedulerLike;
  /** @internal */ readonly _timeout: number | undefined;
  /** @internal Whether the policy has an `admit` gate. */ readonly _admit: boolean;
  /** @internal */ readonly _metricsScheduler: SchedulerLike;
  /** @internal Where errors that cannot be thrown go (`onPolicyError`, `onTeardownError`). */ readonly _handlers: ErrorHandlers;

  /** @internal The bookkeeping: counters up the tree, unfinished tasks, state, listeners. */ readonly _ledger: TaskLedger;
  /** @internal The stream of tasks its scheduler takes them from. */ readonly _tasks = new TaskSubject();
  /** @internal */ readonly _connection: Subscription;
  /** @internal Children that are open or unsettled, held weakly. */ _children: ChildRegistry | undefined = undefined;
  /** @internal The idle and back-pressure signals, from their first use. */ _signals: TrackerSignals | undefined = undefined;
  /** @internal */ _events$: Observable<TrackerEvent> | undefined = undefined;
  /** @internal */ _metrics$: Observable<MetricsSnapshot> | undefined = undefined;
  /** @internal */ _taskEnds$: Observable<TaskEndEvent> | undefined = undefined;
  /** @internal While paused: the subtree's queued tasks it holds back. */ _parked: TaskHandle<unknown>[] | undefined = undefined;

  /**
   * Creates a root tracker. Every option is optional: `new TaskTracker()` runs
   * any number of tasks at once and logs failures (a `LogOnlyPolicy`).
   * @throws TypeError for an unknown option (naming the known ones), `concurrency` with `scheduler`, or a malformed option.
   * @throws RangeError for a `concurrency` or `timeout` out of range (the message says what must hold).
   * @example
   * ```ts
   * const loader = new TaskTracker({ name: 'loader', concurrency: 8, timeout: 30_000, signal: controller.signal });
   * ```
   * @since 0.2.0
   */
  constructor(options?: TaskTrackerOptions);
  /**
   * Creates a root tracker from a scheduler and an error policy (the Rust `TaskTracker::new`).
   * @deprecated Use `new TaskTracker({ scheduler, errorPolicy, ...options })`.
   * @example
   * ```ts
   * const tracker = new TaskTracker(SemaphoreScheduler.withPermits(10), new LogOnlyPolicy());
   * ```
   */
  constructor(scheduler: TaskScheduler, errorPolicy: OnErrorPolicy, options?: TaskTrackerOptions);
  constructor(first?: TaskTrackerOptions | TaskScheduler, second?: OnErrorPolicy, third?: TaskTrackerOptions) {
    const { scheduler, policy, options } = readTrackerArgs(first, second, third);
    const parent = options?.parent;
    const siblings = parent === undefined ? undefined : (parent._children ??= new ChildRegistry());
    this.parent = parent;
    this._named = options?.name !== undefined;
    this.name = checkName(options?.name ?? (siblings === undefined ? 'root' : `child-${++siblings.made}`));
    this.path = parent === undefined ? this.name : `${parent.path}/${this.name}`;
    this._scheduler = scheduler;
    this._policy = policy;
    this._admit = typeof policy.admit === 'function';
    this._clock = options?.clock ?? parent?._clock ?? asyncScheduler;
    this._metricsScheduler = options?.metricsScheduler ?? parent?._metricsScheduler ?? asyncScheduler;
    const inherited = parent?._handlers ?? DEFAULT_HANDLERS;
    const { onPolicyError, onTeardownError } = options ?? {};
    this._handlers =
      onPolicyError === undefined && onTeardownError === undefined
        ? inherited
        : { onPolicyError: onPolicyError ?? inherited.onPolicyError, onTeardownError: onTeardownError ?? inherited.onTeardownError };
    const timeout = checkTimeout(options?.timeout, 'the tracker');
    // Infinity: no timeout, not even the parent's.
    this._timeout = timeout === undefined ? parent?._timeout : timeout === Infinity ? undefined : timeout;
    const token = options?.cancellationToken;
    if (token !== undefined && !(token instanceof CancellationToken)) {
      throw new TypeError(`cancellationToken must be a CancellationToken, got ${got(token)}`);
    }
    const ledger = (this._ledger = new TaskLedger(this, options?.metrics ?? new TaskMetrics(), typeof policy.onTaskEnd === 'function'));
    this._token = parent !== undefined ? CancellationToken._owned(parent._token, ledger) : (token ?? CancellationToken._owned(undefined, ledger));
    this._connection = scheduler.connect(this._tasks);
    if (siblings !== undefined) {
      ledger._selfRef = siblings.add(this);
      if (ledger._root._eventListeners > 0) emitEvent(parent!, { type: 'child-created', path: parent!.path, time: parent!._clock.now(), child: this.path });
    } else if (token !== undefined) {
      // Last: the token may be cancelled already, and then the tracker is born cancelled.
      ledger._stopListening = token.onCancel((reason) => ledger._onTokenCancelled(reason));
    }
    if (options?.signal !== undefined) followTrackerSignal(this, checkSignal(options.signal, 'new TaskTracker(options)')!);
  }

  /** Starts building a root tracker (the Rust `TaskTracker::builder()`) with the constructor's options: {@link TaskTrackerBuilder}. */
  static builder(): TaskTrackerBuilder {
    return new TaskTrackerBuilder((options) => new TaskTracker(options));
  }

  /**
   * Spawns a task, which starts once the scheduler gives it a slot (inside this call if
   * one is free): an Observable is subscribed, a function is called with the task's
   * {@link TaskContext} and what it returns (a promise, an Observable, a value, a {@link CancellableTaskResult})
   * awaited. Errors go to the error policy. See [Spawning](../../docs/guarantees.md#semantics-in-plain-words).
   * @throws TrackerClosedError if the tracker is closed (no metric changes).
   * @throws TypeError or RangeError for a Promise, a `task` neither an Observable nor a function, or bad `options`.
   * @example
   * ```ts
   * const user = tracker.spawn(({ signal }) => fetch('/api/user', { signal }).then((r) => r.json()), { timeout: 5000 });
   * ```
   */
  spawn<V>(task: Observable<V>, options?: SpawnOptions): TaskHandle<V>;
  spawn<R>(task: (context: TaskContext) => R, options?: SpawnOptions): TaskHandle<TaskValue<R>>;
  spawn(task: Observable<unknown> | ((context: TaskContext) => unknown), options?: SpawnOptions): TaskHandle<unknown> {
    checkTask(task, 'spawn(task)');
    return spawnTask(this, task, TASK_PLAIN, options);
  }

  /**
   * Spawns a task that is given its cancellation token itself rather than its
   * {@link TaskContext}; otherwise as `spawn`.
   * @deprecated Use `spawn(({ token }) => ...)` (or `({ signal })`): every task function is given its context.
   * @throws TrackerClosedError if the tracker is closed.
   * @throws TypeError if `fn` is not a function.
   * @example
   * ```ts
   * tracker.spawnCancellable((token) => fetch(url, { signal: token.signal }));
   * // now: tracker.spawn(({ signal }) => fetch(url, { signal }));
   * ```
   */
  spawnCancellable<R>(fn: (token: CancellationToken) => R, options?: SpawnOptions): TaskHandle<TaskValue<R>> {
    if (typeof fn !== 'function') {
      throw new TypeError(`spawnCancellable(fn) expects a function (token) => ObservableInput, got ${got(fn)}`);
    }
    return spawnTask(this, fn as unknown as (context: TaskContext) => R, TASK_CANCELLABLE, options) as TaskHandle<TaskValue<R>>;
  }

  /**
   * Spawns a task lazily, as a cold Observable: each subscription spawns one task and
   * emits its values. Unsubscribing cancels the task silently; a failure, a cancellation
   * or a closed tracker errors the stream. See [spawn$](../../docs/pipelines.md#one-task-as-a-cold-observable-spawn).
   * @throws TypeError or RangeError at the call (not on subscribe), as `spawn`.
   * @example Angular, with the async pipe: leaving the page cancels the request
   * ```ts
   * readonly user$ = this.tracker.spawn$(({ signal }) => fetch('/api/user', { signal }).then((r) => r.json()));
   * ```
   */
  spawn$<V>(task: Observable<V> | ((context: TaskContext) => ObservableInput<V>), options?: SpawnOptions): Observable<V> {
    checkTask(task, 'spawn$(task)');
    if (options !== undefined) checkSpawnOptions(options, 'spawn$(task, options)');
    return new SpawnObservable<V>(this, task, TASK_PLAIN, options);
  }

  /** The tracker's live counters ({@link TaskMetrics}): its own tasks and all its descendants'. */
  metrics(): TaskMetrics {
    return this._ledger._metrics;
  }

  /**
   * Cancels this tracker and its subtree at once, never its parent: they close, their
   * tasks end and handles reject with a `TaskCancelledError` carrying `reason`; returns `false`
   * if it was cancelled already. See [Cancellation](../../docs/guarantees.md#semantics-in-plain-words).
   * @example
   * ```ts
   * ngOnDestroy() { this.tracker.cancel('component destroyed'); }
   * ```
   */
  cancel(reason?: unknown): boolean {
    return this._ledger._cancel(reason);
  }

  /** The tracker's token: cancelling it cancels the tracker; its `signal` aborts when the tracker is cancelled. */
  cancellationToken(): CancellationToken {
    return this._token;
  }

  /**
   * Direct children that are open or still have unfinished tasks; a child nobody
   * references any more is forgotten once the garbage collector takes it.
   */
  childCount(): number {
    return this._children?.count() ?? 0;
  }

  /**
   * Closes this tracker and its subtree, cancels nothing, and resolves once every
   * task in it has settled and its work stopped. A task awaiting its own tracker's
   * `join()` waits for itself: see [join()](../../docs/guarantees.md#semantics-in-plain-words).
   * @example
   * ```ts
   * await tracker.join(); // every task spawned on it has ended
   * ```
   */
  join(): Promise<void> {
    return this._ledger._join();
  }

  /**
   * Cancels the subtree's queued tasks with `reason` and returns how many; running
   * tasks go on and the tracker stays open. See
   * [Pausing a tracker, clearing its queue](../../docs/flow-control.md#pausing-a-tracker-clearing-its-queue).
   * @example
   * ```ts
   * results.clearQueue('new query'); // the requests already in flight finish
   * ```
   * @since 0.2.0
   */
  clearQueue(reason?: unknown): number {
    return clearQueue(this, reason);
  }

  /**
   * Holds back the subtree's queued tasks until {@link TaskTracker.resume} (running
   * ones go on, other trackers sharing the scheduler too); returns `false` if paused or closed. See
   * [Pausing a tracker, clearing its queue](../../docs/flow-control.md#pausing-a-tracker-clearing-its-queue).
   * @example
   * ```ts
   * document.onvisibilitychange = () => (document.hidden ? thumbnails.pause() : thumbnails.resume());
   * ```
   * @since 0.2.0
   */
  pause(): boolean {
    return pauseTracker(this);
  }

  /**
   * Lets the tasks {@link TaskTracker.pause} held back start again, in the order
   * they were spawned (those of a paused ancestor wait for it); returns `false` if not paused.
   * @since 0.2.0
   */
  resume(): boolean {
    return resumeTracker(this);
  }

  /**
   * Whether this tracker's queued tasks are held back: it, or an ancestor, is paused.
   * @since 0.2.0
   */
  isPaused(): boolean {
    return isHeld(this);
  }

  /** Whether the tracker was closed by `cancel()`, `join()` or a shutdown. */
  isClosed(): boolean {
    return this._ledger._closed;
  }

  /**
   * Creates a child tracker that shares this tracker's scheduler (its slots), gets
   * `errorPolicy.createChild()` and a child of its token, and counts into its metrics.
   * @throws TrackerClosedError if this tracker is closed.
   */
  childTracker(): TaskTracker {
    return this.childTrackerBuilder().build();
  }

  /**
   * Starts building a child tracker with its own scheduler, error policy, name, timeout or
   * cap ({@link ChildTrackerBuilder}); the rest is inherited as in {@link TaskTracker.childTracker}.
   */
  childTrackerBuilder(): ChildTrackerBuilder {
    return new ChildTrackerBuilder(this, (options) => new TaskTracker(options));
  }

  /**
   * Snapshots of the counters, on subscribe and then once per burst of changes (on the
   * `metricsScheduler`), the last before `join()` resolves. See [Observing](../../docs/observing.md#metrics-and-events).
   * @example Angular template
   * ```html
   * {{ (tracker.metrics$ | async)?.active }} running
   * ```
   */
  get metrics$(): Observable<MetricsSnapshot> {
    return (this._metrics$ ??= MetricsFeed.stream(this, 0));
  }

  /**
   * Lifecycle events of the subtree's tasks and trackers, with task id, path and time;
   * none is built while nobody listens. See [Observing](../../docs/observing.md#metrics-and-events).
   * @example
   * ```ts
   * tracker.events$.pipe(filter((e) => e.type === 'failed')).subscribe((e) => console.warn(e.path, e.error));
   * ```
   */
  get events$(): Observable<TrackerEvent> {
    return (this._events$ ??= eventsOf(this));
  }

  /**
   * How each task of the subtree ended, with its duration: the last event of each
   * task in {@link TaskTracker.events$}, cheaper since no other is built.
   * @example
   * ```ts
   * tracker.taskEnds$.subscribe((end) => histogram.observe({ outcome: end.type }, (end.duration ?? 0) / 1000));
   * ```
   * @since 0.2.0
   */
  get taskEnds$(): Observable<TaskEndEvent> {
    return (this._taskEnds$ ??= taskEndsOf(this));
  }

  /**
   * The live hierarchy under this tracker as plain data (`JSON.stringify(root.tree())`): names, paths, state,
   * counters and the children {@link TaskTracker.childCount} counts. For a history, see [Devtools](../../docs/observing.md#devtools).
   */
  tree(): TrackerTree {
    return treeOf(this);
  }

  /**
   * Resolves when no task of the subtree is pending (queued, running or waiting
   * for a retry); at once if none is. Unlike `join()`, it closes nothing: the tracker still takes tasks.
   * @since 0.2.0
   */
  onIdle(): Promise<void> {
    return (this._signals ??= new TrackerSignals(this)).when(isIdle);
  }

  /**
   * Resolves when no task of the subtree waits (for a slot, or a retry's delay:
   * `metrics().queued()` is 0: everything spawned so far has started); at once if none waits.
   * @since 0.2.0
   */
  onEmpty(): Promise<void> {
    return (this._signals ??= new TrackerSignals(this)).when(isEmpty);
  }

  /**
   * Resolves when fewer than `n` tasks of the subtree wait (`metrics().queued()`);
   * at once if that is so now. Back-pressure: await it before spawning more.
   * @throws RangeError if `n` is not a positive integer.
   * @example
   * ```ts
   * await tracker.onQueuedLessThan(100); // then spawn the next row's insert
   * ```
   * @since 0.2.0
   */
  onQueuedLessThan(n: number): Promise<void> {
    const limit = checkQueuedLimit(n);
    return (this._signals ??= new TrackerSignals(this)).when((s) => s.queued < limit);
  }

  /**
   * Emits when the subtree becomes idle (no pending task), to hide a spinner: at once on
   * subscription if it is idle, then each time it becomes idle again.
   * @since 0.2.0
   */
  get idle$(): Observable<void> {
    return (this._signals ??= new TrackerSignals(this)).idle$;
  }

  /** @internal What `console.log` and `util.inspect` show in Node: `TaskTracker { path, closed, metrics }`. */
  [inspectKey](): object {
    return inspectAs('TaskTracker', { path: this.path, closed: this.isClosed(), metrics: this.metrics() });
  }

  // TaskOwner: what its tasks, SpawnObservable and the operators ask of it.

  /** @internal Spawns a task (see {@link spawnTask}). */
  _spawn(exec: Observable<unknown> | ((context: TaskContext) => unknown), kind: number, options: SpawnOptions | undefined, sink?: TaskSink): TaskHandle<unknown> {
    return spawnTask(this, exec, kind, options, sink);
  }

  /** @internal Holds a task of this tracker back while it or an ancestor is paused; `true` if it did. */
  _park(handle: TaskHandle<unknown>): boolean {
    return parkIfPaused(this, handle);
  }
}
