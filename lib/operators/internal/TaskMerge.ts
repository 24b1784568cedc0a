import { Observable, Subscription } from 'rxjs';
import type { ObservableInput, OperatorFunction, Subscriber, TeardownLogic } from 'rxjs';
import { TaskQueue } from '../../scheduling/TaskQueue.js';
import type { TaskContext } from '../../task/TaskContext.js';
import type { TaskHandle } from '../../task/TaskHandle.js';
import type { TaskTracker } from '../../tracker/TaskTracker.js';
import type { SpawnOptions } from '../../tracker/TaskTrackerOptions.js';
import { CONTINUATION, isOwnerDestroyed, unsubscribeTask } from './core.js';
import { recover, type CatchError } from './recover.js';
import { TaskRecord } from './TaskRecord.js';
import { unsubscribeReporting, type ErrorHandlers } from '../../task/errorReports.js';

// What a new source value does to the operator's unfinished tasks.
/** @internal Runs beside them, up to `concurrency`; beyond that it waits in the operator. */
export const MERGE = 0;
/** @internal Cancels them. */
export const SWITCH = 1;
/** @internal Is dropped while there are any. */
export const EXHAUST = 2;

/** @internal What an operator was created with, checked. */
export interface TaskMergeSettings {
  readonly tracker: TaskTracker;
  /** Each operator types its own; the engine only calls it, with the source's values. */
  readonly project: (value: never, index: number, context: TaskContext) => ObservableInput<unknown>;
  /** {@link MERGE}, {@link SWITCH} or {@link EXHAUST}. */
  readonly mode: number;
  /** MERGE only: at most this many unfinished tasks. */
  readonly concurrency: number;
  /** MERGE only: hold later tasks' values until every earlier task has completed. */
  readonly ordered: boolean;
  readonly timeout: number | undefined;
  readonly signal: AbortSignal | undefined;
  /** The `catchError` option: what replaces a task that failed for good. */
  readonly recover: CatchError | undefined;
}

/**
 * @internal The one engine behind mergeTask, concatTask, switchTask and
 * exhaustTask: the pipeline's `mergeMap`, with each inner Observable replaced by
 * a task of the tracker that streams its values back.
 *
 * Why not `mergeMap((v) => tracker.spawn$(…))`: that is an Observable, a
 * Subscriber and a teardown per item on top of the task, and `mergeMap` buffers
 * with `Array#shift`. Here a task costs one {@link TaskRecord} (what the task
 * runs, and its sink) on top of the tracker's own; waiting values sit in a ring
 * buffer.
 */
export function taskMerge<T, R>(settings: TaskMergeSettings): OperatorFunction<T, R> {
  // One options object for every task: `_spawn` only reads it.
  const { timeout, signal } = settings;
  const spawnOptions = timeout === undefined && signal === undefined ? undefined : { timeout, signal };
  return (source) =>
    new Observable<R>((subscriber) => {
      const merge = new TaskMerge<T>(settings, spawnOptions, subscriber as Subscriber<unknown>);
      // Before starting: a synchronous source and task may make the subscriber
      // go away (take(1)) before this function returns a teardown.
      subscriber.add(() => merge.dispose());
      merge.start(source);
    });
}

/** Spawned as a continuation (an object with `execute(context)`) rather than a function: the record is the task. */
const KIND = CONTINUATION;

/**
 * @internal One subscription of a task operator. It is the source's subscriber
 * itself (an Observer with `closed`, `add`, `remove` and `unsubscribe`, which
 * RxJS then uses as it is): no wrapper per value, and a synchronous source
 * such as `range()` sees `closed` and stops at once when the operator stops.
 */
export class TaskMerge<T> {
  /** @internal */ readonly _out: Subscriber<unknown>;
  /** @internal */ readonly _ordered: boolean;
  /** @internal Unfinished tasks (and, ordered, completed ones still holding values), oldest first. */
  _oldest: TaskRecord | undefined = undefined;
  private _newest: TaskRecord | undefined = undefined;
  /** @internal */ readonly _tracker: TaskTracker;
  /** @internal Where what cannot be thrown goes (the tracker's). */ readonly _handlers: ErrorHandlers;
  /** @internal */ readonly _project: TaskMergeSettings['project'];
  private readonly _recover: CatchError | undefined;
  private readonly _mode: number;
  private readonly _concurrency: number;
  private readonly _spawnOptions: SpawnOptions | undefined;
  /** What tears the source down; closed once the source ended or the operator stopped. */
  private readonly _source = new Subscription();
  /** Source values waiting for one of the operator's `concurrency` places. */
  private _buffer: TaskQueue<T> | undefined = undefined;
  /** Tasks issued and not ended. */
  private _active = 0;
  private _index = 0;
  private _sourceDone = false;
  private _stopped = false;
  private _draining = false;
  private _stopListening: (() => void) | undefined = undefined;

  constructor(settings: TaskMergeSettings, spawnOptions: SpawnOptions | undefined, out: Subscriber<unknown>) {
    this._tracker = settings.tracker;
    this._handlers = settings.tracker._handlers;
    this._project = settings.project;
    this._mode = settings.mode;
    this._concurrency = settings.concurrency;
    this._ordered = settings.ordered;
    this._recover = settings.recover;
    this._spawnOptions = spawnOptions;
    this._out = out;
  }

  start(source: Observable<T>): void {
    const tracker = this._tracker;
    // A cancelled tracker cancels the tasks it has, and their sinks error the
    // output; this listener is for when there are none (between two values).
    // Told after the tracker has cancelled its tasks: one error either way.
    const stopListening = tracker.cancellationToken().onCancel(() => this._trackerCancelled());
    if (this._stopped) return; // cancelled already: the listener ran, and errored the output
    this._stopListening = stopListening;
    const subscription: unknown = source.subscribe(this);
    // RxJS took this object as the subscriber, or wrapped it (a future RxJS may): then hold the wrapper.
    if (subscription !== this) this._source.add(subscription as Subscription);
  }

  /** The output's teardown (unsubscribed, completed or errored): stops the source and cancels every unfinished task, telling nobody. */
  dispose(): void {
    if (this._stopped) return;
    this._stopped = true;
    const stopListening = this._stopListening;
    if (stopListening !== undefined) {
      this._stopListening = undefined;
      stopListening();
    }
    // Reported, never thrown: the tasks must be cancelled regardless.
    unsubscribeReporting(this._handlers, this._source);
    this._buffer = undefined;
    this._cancelAll();
  }

  // ---------------------------------------------------- the source's subscriber

  /** Whether the source should stop sending; a synchronous source reads it after each value. */
  get closed(): boolean {
    return this._source.closed;
  }

  add(teardown: TeardownLogic): void {
    this._source.add(teardown);
  }

  remove(teardown: Exclude<TeardownLogic, void>): void {
    this._source.remove(teardown);
  }

  unsubscribe(): void {
    this._source.unsubscribe();
  }

  next(value: T): void {
    if (this._source.closed) return;
    const mode = this._mode;
    if (mode === MERGE) {
      // As mergeMap: a place is free or the value waits (even if others wait: a
      // value arriving re-entrantly during a drain takes a place freed for it).
      if (this._active < this._concurrency) this._spawn(value);
      else (this._buffer ??= new TaskQueue<T>()).push(value);
    } else if (mode === SWITCH) {
      const previous = this._newest;
      if (previous !== undefined) {
        this._unlink(previous);
        this._active--;
        previous.closed = true;
        // Before the next one is issued, as switchMap unsubscribes before it
        // projects: a running task's slot is free for it.
        if (previous.handle !== undefined) unsubscribeTask(previous.handle);
        if (previous.recovery !== undefined) unsubscribeReporting(this._handlers, previous.recovery);
      }
      this._spawn(value);
    } else if (this._active === 0) {
      this._spawn(value);
    }
  }

  error(error: unknown): void {
    if (!this._source.closed) this._fail(error);
  }

  complete(): void {
    if (this._source.closed) return;
    this._sourceDone = true;
    // As a Subscriber does when its source completes: run the source's finalizers now.
    unsubscribeReporting(this._handlers, this._source);
    this._checkComplete();
  }

  // ----------------------------------------------------------------- the tasks

  /** @internal A task completed (its slot is free already). */
  _taskCompleted(record: TaskRecord): void {
    record.closed = true;
    // A task cancelled with an OwnerDestroyed reason completes: the operator ends with its tracker.
    if (this._tracker._ledger._cancelled) {
      this._trackerCancelled();
      return;
    }
    record.done = true;
    this._active--;
    if (!this._ordered) this._unlink(record);
    else if (record === this._oldest) this._flush();
    // Else, ordered, it keeps its place and its values until every earlier task has completed.
    // A completion inside a drain (a task that ended inside `_spawn`) leaves the rest to the drain's loop:
    // without the loop, a backlog of synchronous tasks would recurse once per task.
    if (this._draining || this._stopped) return;
    this._drain();
    this._checkComplete();
  }

  /**
   * @internal A task ended otherwise, for good: `catchError` replaces it, or the
   * operator fails with its error, as mergeMap with an inner error (and with
   * the error of a replacement that failed, or of a cancelled tracker).
   */
  _taskFailed(record: TaskRecord, error: unknown): void {
    const selector = this._recover;
    if (selector !== undefined && record.recovery === undefined && !this._tracker.cancellationToken().isCancelled()) {
      recover(record, error, selector);
      return;
    }
    record.closed = true;
    this._unlink(record);
    this._active--;
    this._fail(error);
  }

  private _spawn(value: T): void {
    const record = new TaskRecord(this as TaskMerge<unknown>, value, this._index++);
    this._link(record);
    this._active++;
    let handle: TaskHandle<unknown>;
    try {
      handle = this._tracker._spawn(record as unknown as Parameters<TaskTracker['_spawn']>[0], KIND, this._spawnOptions, record);
    } catch (error) {
      // The tracker was closed by join(): nothing was issued.
      record.closed = true;
      this._unlink(record);
      this._active--;
      this._fail(error);
      return;
    }
    if (!record.closed) record.handle = handle;
    // Let go of while it ran inside `_spawn` (the output was unsubscribed then);
    // a no-op for a task that ended there.
    else unsubscribeTask(handle);
  }

  /** Issues waiting values while there are places; a loop, so a backlog of synchronous tasks is stack-safe. */
  private _drain(): void {
    const buffer = this._buffer;
    if (buffer === undefined || buffer.length === 0) return;
    this._draining = true;
    try {
      while (!this._stopped && this._active < this._concurrency && buffer.length > 0) this._spawn(buffer.shift() as T);
    } finally {
      this._draining = false;
    }
  }

  /** Ordered: emits the held values of the oldest tasks, and forgets those that completed, up to the first one still running. */
  private _flush(): void {
    const out = this._out;
    for (let record = this._oldest; record !== undefined; record = this._oldest) {
      const held = record.held;
      if (held !== undefined) {
        // `held.length` re-read: a value the task emits meanwhile (re-entrantly) is appended.
        for (let i = 0; i < held.length; i++) {
          out.next(held[i]);
          if (this._stopped) return;
        }
        record.held = undefined;
      }
      if (!record.done) return; // still running: its values go straight out from now on
      this._unlink(record);
    }
  }

  private _checkComplete(): void {
    if (this._sourceDone && this._oldest === undefined && !this._stopped && (this._buffer === undefined || this._buffer.length === 0)) {
      this.dispose();
      this._out.complete();
    }
  }

  /**
   * @internal The tracker (or an ancestor) was cancelled: the output errors with
   * its TaskCancelledError, or, cancelled with an OwnerDestroyed reason,
   * completes, as under `takeUntil(destroyed$)`.
   */
  _trackerCancelled(): void {
    const error = this._tracker._ledger._cancelRejection().error as { readonly reason?: unknown };
    if (!isOwnerDestroyed(error.reason)) this._fail(error);
    else if (!this._stopped) {
      this.dispose();
      this._out.complete();
    }
  }

  /** @internal Errors the output, once, after stopping everything (so the counters are final when the error is seen). */
  _fail(error: unknown): void {
    if (this._stopped) return;
    this.dispose();
    this._out.error(error);
  }

  private _cancelAll(): void {
    const oldest = this._oldest;
    this._oldest = this._newest = undefined;
    this._active = 0;
    if (oldest === undefined) return;
    for (let record: TaskRecord | undefined = oldest; record !== undefined; record = record.newer) {
      record.closed = true;
      if (record.recovery !== undefined) unsubscribeReporting(this._handlers, record.recovery);
    }
    // A cancelled tracker is cancelling them itself, each with its one shared
    // error; cancelling them here would give each an error of its own.
    if (this._tracker.cancellationToken().isCancelled()) return;
    // First the tasks that hold no slot (queued, or waiting for a retry):
    // cancelling a running one frees its slot, and the scheduler would start one
    // of ours in it only for it to be cancelled next.
    for (let record: TaskRecord | undefined = oldest; record !== undefined; record = record.newer) {
      const handle = record.handle;
      if (handle !== undefined && handle.status !== 'running') unsubscribeTask(handle);
    }
    // A task without a handle is running inside `_spawn`: `_spawn` cancels it when it returns.
    for (let record: TaskRecord | undefined = oldest; record !== undefined; record = record.newer) {
      if (record.handle !== undefined) unsubscribeTask(record.handle);
    }
  }

  private _link(record: TaskRecord): void {
    const newest = this._newest;
    if (newest === undefined) this._oldest = record;
    else {
      newest.newer = record;
      record.older = newest;
    }
    this._newest = record;
  }

  private _unlink(record: TaskRecord): void {
    const older = record.older;
    const newer = record.newer;
    if (older === undefined) this._oldest = newer;
    else older.newer = newer;
    if (newer === undefined) this._newest = older;
    else newer.older = older;
    record.older = record.newer = undefined;
  }
}
