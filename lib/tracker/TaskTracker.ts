import { asyncScheduler } from 'rxjs';
import type { Observable, ObservableInput, SchedulerLike, Subscription } from 'rxjs';
import { CancellationToken } from '../cancellation/CancellationToken.js';
import { got } from '../errors/describeValue.js';
import { inspectAs, inspectKey } from '../errors/inspectAs.js';
import { TaskCancelledError } from '../errors/TaskCancelledError.js';
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot.js';
import { TaskMetrics } from '../metrics/TaskMetrics.js';
import type { OnErrorPolicy } from '../protocol/OnErrorPolicy.js';
import type { TaskScheduler } from '../scheduling/TaskScheduler.js';
import { ChildRegistry, subtreeOf } from './ChildRegistry.js';
import { ChildTrackerBuilder } from './ChildTrackerBuilder.js';
import { DEFAULT_HANDLERS } from './defaultHandlers.js';
import type { ErrorHandlers } from '../task/errorReports.js';
import { MetricsFeed } from './MetricsFeed.js';
import { Rejection } from '../task/Rejection.js';
import { SpawnObservable } from './SpawnObservable.js';
import { TaskHandle } from '../task/TaskHandle.js';
import { TaskLedger } from './TaskLedger.js';
import { linkTask } from '../task/TaskList.js';
import { TASK_CANCELLABLE, TASK_PLAIN } from '../task/TaskState.js';
import type { TaskSink } from '../task/taskStream.js';
import { TaskSubject } from '../scheduling/TaskSubject.js';
import { TaskTrackerBuilder } from './TaskTrackerBuilder.js';
import type { SpawnOptions, TaskTrackerOptions, TaskValue } from './TaskTrackerOptions.js';
import { checkName, checkSpawnOptions, checkTask, checkTimeout } from './trackerChecks.js';
import { checkSignal } from '../cancellation/checkSignal.js';
import { followSignal } from '../task/followSignal.js';
import { followTrackerSignal } from './followTrackerSignal.js';
import { readTrackerArgs } from './readTrackerArgs.js';
import { clearQueue, isHeld, parkIfPaused, pauseTracker, resumeTracker } from './pauseTracker.js';
import type { TaskContext } from '../task/TaskContext.js';
import type { TaskEndEvent, TrackerEvent } from './TrackerEvent.js';
import { emitEvent, emitTaskEvent, eventsOf, taskEndsOf } from './trackerEvents.js';
import { checkQueuedLimit, isEmpty, isIdle, TrackerSignals } from './TrackerSignals.js';
import { treeOf, type TrackerTree } from './TrackerTree.js';
import { reportTeardownError } from '../task/errorReports.js';
import { extrasOf } from '../task/TaskExtras.js';

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

  // Its collaborators.
  /** @internal The bookkeeping: counters up the tree, unfinished tasks, state, listeners. */ readonly _ledger: TaskLedger;
  /** @internal The stream of tasks its scheduler takes them from. */ readonly _tasks = new TaskSubject();
  /** @internal */ readonly _connection: Subscription;
  /** @internal Children that are open or unsettled, held weakly. */ _children: ChildRegistry | undefined = undefined;
  /** @internal The idle and back-pressure signals, from their first use. */ _signals: TrackerSignals | undefined = undefined;
  /** @internal The one error this cancelled tracker's tasks reject with. */ _cancelledWith: Rejection | undefined = undefined;
  /** @internal */ _events$: Observable<TrackerEvent> | undefined = undefined;
  /** @internal */ _metrics$: Observable<MetricsSnapshot> | undefined = undefined;
  /** @internal */ _taskEnds$: Observable<TaskEndEvent> | undefined = undefined;
  /** @internal While paused: the subtree's queued tasks it holds back. */ _parked: TaskHandle<unknown>[] | undefined = undefined;

  /**
   * Creates a root tracker. Every option is optional: `new TaskTracker()` runs
   * any number of tasks at once and logs failures (a `LogOnlyPolicy`);
   * `new TaskTracker({ concurrency: 4 })` runs four at once. The builder
   * ({@link TaskTracker.builder}) sets the same options.
   *
   * @throws TypeError for an unknown option (the message names the known ones),
   *   `concurrency` with `scheduler`, or a malformed option.
   * @throws RangeError if `concurrency` is not a positive integer or `Infinity`,
   *   or `timeout` is not above 0 and up to `Number.MAX_SAFE_INTEGER` ms, or `Infinity`.
   *
   * @example
   * ```ts
   * const tracker = new TaskTracker({ concurrency: 4 });
   * const loader = new TaskTracker({ name: 'loader', concurrency: 8, timeout: 30_000, signal: controller.signal });
   * ```
   */
  constructor(options?: TaskTrackerOptions);
  /**
   * Creates a root tracker from a scheduler and an error policy (the Rust `TaskTracker::new`).
   *
   * @deprecated Use `new TaskTracker({ scheduler, errorPolicy, ...options })`.
   *
   * @example
   * ```ts
   * const tracker = new TaskTracker(SemaphoreScheduler.withPermits(10), new LogOnlyPolicy());
   * ```
   */
  constructor(scheduler: TaskScheduler, errorPolicy: OnErrorPolicy, options?: TaskTrackerOptions);
  constructor(first?: TaskTrackerOptions | TaskScheduler, second?: OnErrorPolicy, third?: TaskTrackerOptions) {
    const { scheduler, policy: errorPolicy, options } = readTrackerArgs(first, second, third);
    const parent = options?.parent;
    const siblings = parent === undefined ? undefined : (parent._children ??= new ChildRegistry());
    this.parent = parent;
    this._named = options?.name !== undefined;
    this.name = checkName(options?.name ?? (siblings === undefined ? 'root' : `child-${++siblings.made}`));
    this.path = parent === undefined ? this.name : `${parent.path}/${this.name}`;
    this._scheduler = scheduler;
    this._policy = errorPolicy;
    this._admit = typeof errorPolicy.admit === 'function';
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
    const ledger = (this._ledger = new TaskLedger(this, options?.metrics ?? new TaskMetrics(), typeof errorPolicy.onTaskEnd === 'function'));
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
    return new TaskTrackerBuilder((options) => new TaskTracker(options));
  }

  /**
   * Spawns a task. It runs once the scheduler gives it a slot (at once, inside
   * this call, if one is free): an Observable is subscribed, a function is called
   * with the task's {@link TaskContext} (its `signal` and `token`, made only if
   * read) and what it returns (a Promise, an Observable, an iterable, or a plain
   * value) is awaited. The task succeeds with the last value (`undefined` if it
   * completes empty); errors go to the tracker's error policy. A function may
   * return a {@link CancellableTaskResult} (`ok`, `cancelled`, `err`).
   *
   * Pass a function, not a Promise: a Promise is already running, so no
   * scheduler could hold it back. A function passed by reference gets the
   * context as its first argument: wrap one that takes other arguments
   * (`() => load()`).
   *
   * @throws TrackerClosedError if the tracker is closed (no metric changes).
   * @throws TypeError if `task` is a Promise, or neither an Observable nor a function,
   *   `options` has an unknown key, or `options.name` is not a non-empty string.
   *
   * @example
   * ```ts
   * const user = tracker.spawn(({ signal }) => fetch('/api/user', { signal }).then((r) => r.json()));
   * const tick = tracker.spawn(timer(1000));
   * const slow = tracker.spawn(() => slowCall(), { timeout: 5000, signal: controller.signal });
   * ```
   */
  spawn<V>(task: Observable<V>, options?: SpawnOptions): TaskHandle<V>;
  spawn<R>(task: (context: TaskContext) => R, options?: SpawnOptions): TaskHandle<TaskValue<R>>;
  spawn(task: Observable<unknown> | ((context: TaskContext) => unknown), options?: SpawnOptions): TaskHandle<unknown> {
    checkTask(task, 'spawn(task)');
    return this._spawn(task, TASK_PLAIN, options);
  }

  /**
   * Spawns a task that is given its cancellation token itself rather than its
   * {@link TaskContext}; otherwise as `spawn`, which also
   * takes a {@link CancellableTaskResult}.
   *
   * @deprecated Use `spawn(({ token }) => ...)` (or `({ signal })`): every task function is given its context.
   *
   * @throws TrackerClosedError if the tracker is closed.
   * @throws TypeError if `fn` is not a function.
   *
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
    return this._spawn(fn as unknown as (context: TaskContext) => R, TASK_CANCELLABLE, options) as TaskHandle<TaskValue<R>>;
  }

  /**
   * Spawns a task lazily, as a cold Observable: nothing happens until it is
   * subscribed, and each subscription spawns one task (issued then, not before).
   * It emits every value the task emits, as it emits them (a promise's or a
   * plain value's one value), and completes when the task succeeds.
   *
   * Unsubscribing before the end cancels the task (a queued one leaves the queue
   * and never starts; a running one is torn down at once and its signal aborts),
   * counted `cancelled`, and tells nobody. A task that fails for good (after the
   * error policy: a retried run emits its values again) errors with its
   * `TaskFailedError` or `TaskRejectedError`; a cancelled tracker, ancestor,
   * token or `signal` option errors with the `TaskCancelledError`; a closed
   * tracker errors with `TrackerClosedError` on subscribe.
   *
   * `task` is an Observable, or a function of the task's {@link TaskContext}
   * returning an ObservableInput (a Promise, an Observable…): pass its `signal`
   * to `fetch`.
   *
   * ```text
   * task:      --a--b--|
   * spawn$:    --a--b--|     subscribed at 0, one task
   * unsub:     --a-!         the task is torn down at 4, counted cancelled
   * ```
   *
   * @throws TypeError (at the call, not on subscribe) if `task` is a Promise or
   *   neither an Observable nor a function, or `options` has an unknown key.
   * @throws RangeError if `options.timeout` is not above 0 and up to
   *   `Number.MAX_SAFE_INTEGER` ms, or `Infinity` (no timeout).
   *
   * @example Angular, with async in the template: leaving the page cancels the request
   * ```ts
   * readonly user$ = this.tracker.spawn$(({ signal }) => fetch('/api/user', { signal }).then((r) => r.json()));
   * ```
   */
  spawn$<V>(task: Observable<V> | ((context: TaskContext) => ObservableInput<V>), options?: SpawnOptions): Observable<V> {
    checkTask(task, 'spawn$(task)');
    if (options !== undefined) checkSpawnOptions(options, 'spawn$(task, options)');
    return new SpawnObservable<V>(this, task, TASK_PLAIN, options);
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
    return this._ledger._metrics;
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
      reportTeardownError(this._handlers, error);
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
    return this._children?.count() ?? 0;
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
    const subtree = subtreeOf(this, false);
    for (const tracker of subtree) tracker._ledger._close();
    for (const tracker of subtree) if (tracker._ledger._live === 0) tracker._ledger._settle();
    return this._ledger._whenSettled();
  }

  /**
   * Cancels the queued tasks of this tracker and its subtree (those
   * `metrics().queued()` counts: waiting for a slot, or for a retry's delay):
   * they end `cancelled` without starting (again) and their handles reject with
   * a {@link TaskCancelledError} carrying `reason`. Running tasks go on, and the
   * tracker stays open (p-queue's `clear()`, p-limit's `clearQueue()`).
   *
   * @returns How many tasks it cancelled.
   *
   * @example
   * ```ts
   * searchBox.oninput = () => {
   *   results.clearQueue('new query'); // the requests already in flight finish
   *   results.spawn(({ signal }) => search(searchBox.value, signal));
   * };
   * ```
   */
  clearQueue(reason?: unknown): number {
    return clearQueue(this, reason);
  }

  /**
   * Holds back this tracker's and its subtree's queued tasks: none starts until
   * {@link TaskTracker.resume}, while trackers that share the scheduler but are
   * outside the subtree go on using its slots. Running tasks are not affected,
   * spawning still queues, and `cancel()` and `clearQueue()` still end queued
   * tasks. `join()` and `onIdle()` wait: queued tasks are pending until they run.
   * (A `SemaphoreScheduler`'s own `pause()` holds every tracker that shares it.)
   * Held tasks go back to the scheduler at `resume()`: under an
   * `AsyncContextScheduler` they then run in the async context of `resume()`.
   *
   * @returns `true` if this call paused it, `false` if it was paused already or is closed.
   *
   * @example
   * ```ts
   * const thumbnails = root.childTracker();
   * document.onvisibilitychange = () => (document.hidden ? thumbnails.pause() : thumbnails.resume());
   * ```
   */
  pause(): boolean {
    return pauseTracker(this);
  }

  /**
   * Lets the tasks {@link TaskTracker.pause} held back start again, in the order
   * they were spawned, as the scheduler gives slots (those of a still paused
   * ancestor wait for it).
   *
   * @returns `true` if this call resumed it, `false` if it was not paused.
   *
   * @example
   * ```ts
   * tracker.pause();
   * tracker.spawn(() => work()); // queued
   * tracker.resume();            // starts now if a slot is free
   * ```
   */
  resume(): boolean {
    return resumeTracker(this);
  }

  /**
   * Whether this tracker's queued tasks are held back: it, or an ancestor, is paused.
   *
   * @example
   * ```ts
   * root.pause();
   * root.childTracker().isPaused(); // true
   * ```
   */
  isPaused(): boolean {
    return isHeld(this);
  }

  /** Whether the tracker was closed by `cancel()`, `join()` or a shutdown. */
  isClosed(): boolean {
    return this._ledger._closed;
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
    return this._createChild({});
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
   * when the `metricsScheduler` (default `asyncScheduler`: once per macrotask
   * turn) runs, and the last one before `join()` resolves. With no subscriber it
   * costs nothing.
   *
   * @example Angular
   * ```ts
   * readonly metrics$ = this.tracker.metrics$;
   * // template: {{ (metrics$ | async)?.active }} running
   * ```
   */
  get metrics$(): Observable<MetricsSnapshot> {
    return (this._metrics$ ??= MetricsFeed.stream(this, 0));
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
    return (this._events$ ??= eventsOf(this));
  }

  /**
   * How each task of this tracker and of its descendants ended (`succeeded`,
   * `failed`, `cancelled`, `rejected`), with its duration since it first started:
   * the last event of each task in {@link TaskTracker.events$}, without the
   * others, which are then neither built nor delivered. What a duration
   * histogram needs (the Prometheus export listens here). With no subscriber it
   * costs nothing.
   *
   * @example
   * ```ts
   * tracker.taskEnds$.subscribe((end) => {
   *   if (end.duration !== undefined) histogram.observe({ outcome: end.type }, end.duration / 1000);
   * });
   * ```
   */
  get taskEnds$(): Observable<TaskEndEvent> {
    return (this._taskEnds$ ??= taskEndsOf(this));
  }

  /**
   * The live hierarchy under this tracker, for a dashboard: names, paths, state,
   * counters and children (open or unsettled ones).
   *
   * Children are held weakly: a settled child, and an idle child nobody
   * references any more once the garbage collector takes it, are not shown
   * (their counts stay in their ancestors'). For a history of every tracker
   * seen, with final counts and failures, use the devtools panel
   * (`rx-task-tracker/devtools`) or follow `events$`.
   *
   * @example
   * ```ts
   * console.log(JSON.stringify(root.tree(), null, 2));
   * ```
   */
  tree(): TrackerTree {
    return treeOf(this);
  }

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
    return (this._signals ??= new TrackerSignals(this)).when(isIdle);
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
    return (this._signals ??= new TrackerSignals(this)).when(isEmpty);
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
    return (this._signals ??= new TrackerSignals(this)).when((s) => s.queued < limit);
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
    return (this._signals ??= new TrackerSignals(this)).idle$;
  }

  /** @internal What `console.log` and `util.inspect` show in Node: `TaskTracker { path, closed, metrics }`. */
  [inspectKey](): object {
    return inspectAs('TaskTracker', { path: this.path, closed: this.isClosed(), metrics: this.metrics() });
  }

  // ---------------------------------------------------------------- internals

  /** @internal Spawns a task; a `sink` makes it stream (see {@link TaskSink}). */
  _spawn(exec: Observable<unknown> | ((context: TaskContext) => unknown), kind: number, options: SpawnOptions | undefined, sink?: TaskSink): TaskHandle<unknown> {
    const ledger = this._ledger;
    if (ledger._closed) throw ledger._closedError('spawn a task');
    const timeout = options === undefined ? undefined : checkSpawnOptions(options, 'spawn(task, options)');
    const priority = options?.priority;
    const handle = new TaskHandle<unknown>(this, exec, kind, timeout, sink);
    if (options?.name !== undefined) extrasOf(handle).name = options.name;
    // 0 is the default: no extras for it.
    if (priority !== undefined && priority !== 0) extrasOf(handle).priority = priority;
    linkTask(ledger, handle);
    // Counted here rather than by a method of the ledger: a call fewer per spawn is 1% of
    // a task's instructions until V8 optimizes (callgrind, 1,000 tasks).
    for (let each: TaskLedger | undefined = ledger; each !== undefined; each = each._parent) {
      each._metrics._issued++;
      each._live++;
      each._feed?.changed();
    }
    if (ledger._root._eventListeners > 0) emitTaskEvent(this, 'issued', handle, this._clock.now());
    const signal = options?.signal;
    if (signal !== undefined) {
      // Before it is offered: a task whose signal has aborted never starts.
      followSignal(handle, signal);
      if (handle.isFinished()) return handle;
    }
    // A paused tracker's task is held when its turn comes (TaskHandle.start): nothing to look at here.
    this._tasks.next(handle);
    return handle;
  }

  /** @internal Holds a task of this tracker back while it or an ancestor is paused; `true` if it did. */
  _park(handle: TaskHandle<unknown>): boolean {
    return parkIfPaused(this, handle);
  }

  /** @internal Queues a task for a slot again (a retry or a reschedule). */
  _offer(handle: TaskHandle<unknown>): void {
    this._tasks.next(handle);
  }

  /** @internal A child; what `options` leaves out is inherited (see {@link ChildTrackerBuilder}). */
  _createChild(options: { scheduler?: TaskScheduler; policy?: OnErrorPolicy; name?: string; timeout?: number }): TaskTracker {
    if (this._ledger._closed) throw this._ledger._closedError('create a child tracker');
    const { scheduler, policy, name, timeout } = options;
    return new TaskTracker({ scheduler: scheduler ?? this._scheduler, errorPolicy: policy ?? this._policy.createChild(), parent: this, name, timeout });
  }

  /** @internal The one error the handles of this cancelled tracker's tasks reject with. */
  _cancelRejection(): Rejection {
    return (this._cancelledWith ??= new Rejection(new TaskCancelledError(undefined, this._token.reason, this.path)));
  }
}
