import { from, Observable, Subscriber, type Subscription } from 'rxjs';
import type { TaskSlot } from '../scheduling/TaskScheduler.js';
import type { TaskHandle } from './TaskHandle.js';
import { STATE, STREAM, SUCCESS } from './TaskState.js';
import { keepStart } from './taskAttempts.js';
import { emitValue } from './taskStream.js';
import { reportTeardownErrors, unsubscribeReporting } from './errorReports.js';

const nativeThen = Promise.prototype.then;

/** Free runs kept for reuse: as many as tasks run at once, in practice. */
const pool: TaskRun[] = [];
const POOL_SIZE = 1024;

// What a run is waiting for.
/** @internal */
export const IDLE = 0;
const OBSERVING = 1; // an Observable's next value or end
const AWAITING = 2; // a promise
const ABANDONED = 3; // a promise its task no longer waits for; it keeps the slot
/** @internal A custom error action (see handleTaskError). */
export const ACTING = 4;

/**
 * @internal One run of a task in a slot: it feeds what the task returned (an
 * Observable, a promise, an iterable, a value) back to its handle, holds the slot
 * until the work has stopped, and is what stops the work.
 *
 * Runs are recycled ({@link TaskRun.take}, {@link TaskRun.recycle}): a run only
 * lives while it holds a slot, so a handful serve a million tasks, and each keeps
 * the two callbacks it gives promises. A run is the target of a promise task's
 * callbacks and the destination of an Observable task's Subscriber, so running a
 * task allocates nothing of the tracker's own but that Subscriber (which RxJS
 * would otherwise make).
 */
export class TaskRun {
  /** The task it runs; `undefined` while the run waits in the pool. */
  handle: TaskHandle<unknown> | undefined = undefined;
  /** The slot this run holds; `undefined` once given back, or for a run without one. */
  slot: TaskSlot | undefined = undefined;
  /** What tears the current work down: an Observable's subscriber (set before it subscribes) or a custom action's subscription. */
  subscription: Subscription | undefined = undefined;
  mode = IDLE;
  /**
   * When the task first started, while someone listens for durations: kept here
   * rather than in the handle's extras, which a listener would otherwise make for
   * every task and keep as long as the handle (see TaskHandle._noteStart).
   */
  startedAt: number | undefined = undefined;
  /** The last value of an Observable task. */
  private _value: unknown = undefined;
  // A promise task's callbacks (one call each to the handle: every task goes through one).
  private readonly _resolved = (value: unknown): void => {
    if (this.mode !== AWAITING) return this._ended();
    this.mode = IDLE;
    this.handle!._complete(value, false);
  };
  private readonly _rejected = (error: unknown): void => {
    if (this.mode !== AWAITING) return this._ended();
    this.mode = IDLE;
    this.handle!._fail(error);
  };

  /** A run for `handle`, holding `slot` (none for a run that continues without one). */
  static take(handle: TaskHandle<unknown>, slot?: TaskSlot): TaskRun {
    const run = pool.pop() ?? new TaskRun();
    run.handle = handle;
    run.slot = slot;
    return run;
  }

  /**
   * Gives the slot back (once), then goes back to the pool: once the work has
   * stopped. Not for an abandoned promise's run: it waits for its promise (and
   * then releases and recycles itself).
   */
  free(): void {
    const slot = this.slot;
    if (slot !== undefined) {
      this.slot = undefined;
      slot.release(this.handle!);
    }
    this.handle = undefined;
    this.subscription = undefined;
    this.startedAt = undefined;
    this._value = undefined;
    this.mode = IDLE;
    if (pool.length < POOL_SIZE) pool.push(this);
  }

  /** Subscribes to, awaits, or takes as a value what the task returned. */
  consume(input: unknown): void {
    const handle = this.handle!;
    if (input === handle) {
      // Its own context, which is its handle: awaiting it would wait for ever.
      handle._fail(new TypeError('A task returned its own TaskContext; return a value, a Promise or an Observable.'));
      return;
    }
    let source: Observable<unknown> | undefined;
    let then: unknown;
    try {
      if (input instanceof Observable) source = input;
      else if (input !== null && (typeof input === 'object' || typeof input === 'function')) {
        // Read once: a getter may answer differently each time.
        then = (input as PromiseLike<unknown>).then;
        if (typeof then !== 'function' && isStreamInput(input)) source = from(input as Iterable<unknown>);
      }
    } catch (error) {
      // Looking at it threw (a revoked Proxy, a `then` getter that throws): the
      // task fails with that error, as a promise resolved with it would reject.
      this.handle!._fail(error);
      return;
    }
    if (source !== undefined) this._observe(source);
    else if (typeof then === 'function') this._await(input as PromiseLike<unknown>, then as PromiseLike<unknown>['then']);
    // A plain value (strings included: they are values here, not streams of characters).
    else this.handle!._complete(input, false);
  }

  /**
   * The value a handle is about to resolve with, which its promise would read
   * `then` of: a thenable is awaited in this run instead, as one the task
   * returned would be (its `then` read once), and a value that cannot be read
   * fails the task. `false` for any other value: the handle may take it.
   */
  _awaits(value: object): boolean {
    let then: unknown;
    try {
      then = (value as PromiseLike<unknown>).then;
    } catch (error) {
      this.handle!._fail(error);
      return true;
    }
    if (typeof then !== 'function') return false;
    this._await(value as PromiseLike<unknown>, then as PromiseLike<unknown>['then']);
    return true;
  }

  /**
   * Stops the current work. A pending promise cannot be stopped: the run is then
   * abandoned, keeps the slot (it guards a real resource) until the promise
   * settles, and counts as work that `join()` waits for.
   * @returns `true` if the run was abandoned and keeps its slot.
   */
  stop(): boolean {
    if (this.mode === AWAITING) {
      this.mode = ABANDONED;
      this.handle!._owner._ledger._workStarted();
      return true;
    }
    this.mode = IDLE;
    const subscription = this.subscription;
    if (subscription !== undefined) {
      this.subscription = undefined;
      const handle = this.handle!;
      unsubscribeReporting(handle._owner._handlers, subscription, handle);
    }
    return false;
  }

  // The destination of an Observable task's Subscriber.

  next(value: unknown): void {
    if (this.mode !== OBSERVING) return;
    this._value = value;
    const handle = this.handle!;
    if ((handle._state & STREAM) !== 0) emitValue(handle, value);
  }

  error(error: unknown): void {
    if (this.mode !== OBSERVING || !this._tornDown()) return;
    this.mode = IDLE;
    this.handle!._fail(error);
  }

  complete(): void {
    if (this.mode !== OBSERVING || !this._tornDown()) return;
    this.mode = IDLE;
    const value = this._value;
    this._value = undefined;
    this.handle!._complete(value, true);
  }

  /**
   * The source ended: runs its teardown (its finalizers, `finalize()` included)
   * before the end is told, as `mergeMap` does before it subscribes the next
   * inner, so that the slot is handed on only once the work that held it has
   * stopped. `false` if a finalizer stopped the run meanwhile: it is no longer
   * this end's to tell.
   */
  private _tornDown(): boolean {
    const handle = this.handle!;
    const subscription = this.subscription;
    this.subscription = undefined;
    if (subscription !== undefined) {
      // Here rather than through unsubscribeReporting: every Observable task passes
      // by, and this call site only ever sees the run's own Subscriber.
      try {
        subscription.unsubscribe();
      } catch (error) {
        reportTeardownErrors(handle._owner._handlers, error, handle);
      }
    }
    return this.handle === handle && this.mode === OBSERVING;
  }

  private _observe(source: Observable<unknown>): void {
    // Taken now: a run whose source ended inside subscribe() may serve another task by its return.
    const handle = this.handle!;
    // A Subscriber of our own rather than the SafeSubscriber RxJS would make, and
    // set before subscribing: stop() closes it even while the source is still
    // inside subscribe() (a consumer that went away on a synchronous value), and
    // RxJS then subscribes nothing more through it (`concat` does not move on).
    const subscriber = new Subscriber<unknown>(this);
    this.mode = OBSERVING;
    this.subscription = subscriber;
    try {
      source.subscribe(subscriber);
    } catch (error) {
      // RxJS sends a source's errors to `error`; what escapes subscribe() is a
      // broken Observable, or a teardown RxJS ran at once because the
      // subscriber had closed inside subscribe() (the source ended, or the run
      // was stopped): that run is over, its teardown's error only reported.
      if (!subscriber.closed) subscriber.error(error);
      else reportTeardownErrors(handle._owner._handlers, error, handle);
    }
  }

  private _await(promise: PromiseLike<unknown>, then: PromiseLike<unknown>['then']): void {
    this.mode = AWAITING;
    try {
      // A native promise's own call: V8 inlines `promise.then()`, not `then.call()` (a
      // tenth of a promise task's instructions). Its `then` is the builtin, read again.
      if (then === nativeThen) (promise as Promise<unknown>).then(this._resolved, this._rejected);
      else then.call(promise, this._resolved, this._rejected);
    } catch (error) {
      this._rejected(error);
    }
  }

  /** A promise settled that its task no longer waits for: an abandoned one frees its slot now. */
  private _ended(): void {
    if (this.mode !== ABANDONED) return;
    const handle = this.handle!;
    this.free();
    handle._owner._ledger._workStopped();
  }
}

/** Whether `from()` should stream `input` (arrays, iterables, async iterables, interop Observables, ReadableStreams). */
function isStreamInput(input: object): boolean {
  return (
    Array.isArray(input) ||
    Symbol.iterator in input ||
    Symbol.asyncIterator in input ||
    // RxJS's interop key: Symbol.observable where a polyfill defines it, else '@@observable'.
    typeof (input as Record<PropertyKey, unknown>)[(Symbol as { observable?: symbol }).observable ?? '@@observable'] === 'function' ||
    typeof (input as { getReader?: unknown }).getReader === 'function'
  );
}

/** @internal The run in progress; a fresh one without a slot if an abandoned promise kept it. */
export function currentRun(handle: TaskHandle<unknown>): TaskRun {
  return (handle._run ??= TaskRun.take(handle));
}

/** @internal Stops the task's current work; a pending promise keeps its slot until it settles. */
export function stopWork(handle: TaskHandle<unknown>): void {
  const run = handle._run;
  if (run !== undefined && run.stop()) {
    keepStart(handle, run);
    handle._run = undefined;
  }
}

/** @internal Gives the task's slot back (if it still holds one). */
export function releaseSlot(handle: TaskHandle<unknown>): void {
  const run = handle._run;
  if (run !== undefined) {
    // A task that ended has told its duration already; one that pauses (a retry) will need it.
    if ((handle._state & STATE) < SUCCESS) keepStart(handle, run);
    handle._run = undefined;
    run.free();
  }
}
