import { from, Observable, type Subscription } from 'rxjs';
import type { TaskSlot } from '../scheduling/TaskScheduler.js';
import type { TaskHandle } from './TaskHandle.js';

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
 * One object per run, not per task: a million queued tasks have none. It is the
 * Observer of an Observable task and the target of a promise task's callbacks,
 * so a run allocates nothing else of its own.
 */
export class TaskRun {
  /** The slot this run holds; `undefined` once given back, or for a run without one. */
  slot: TaskSlot | undefined;
  /** What tears the current work down: an Observable's or a custom action's subscription. */
  subscription: Subscription | undefined = undefined;
  /** The last value of an Observable task. */
  private _value: unknown = undefined;
  mode = IDLE;

  constructor(
    readonly handle: TaskHandle<unknown>,
    slot: TaskSlot | undefined,
  ) {
    this.slot = slot;
  }

  /** Subscribes to, awaits, or takes as a value what the task returned. */
  consume(input: unknown): void {
    if (input instanceof Observable) {
      this._observe(input);
      return;
    }
    if (input !== null && (typeof input === 'object' || typeof input === 'function')) {
      if (typeof (input as PromiseLike<unknown>).then === 'function') {
        this._await(input as PromiseLike<unknown>);
        return;
      }
      if (isStreamInput(input)) {
        let source: Observable<unknown>;
        try {
          source = from(input as Iterable<unknown>);
        } catch (error) {
          this.handle._fail(error);
          return;
        }
        this._observe(source);
        return;
      }
    }
    // A plain value (strings included: they are values here, not streams of characters).
    this.handle._complete(input);
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
      this.handle._tracker._workStarted();
      return true;
    }
    this.mode = IDLE;
    const subscription = this.subscription;
    if (subscription !== undefined) {
      this.subscription = undefined;
      subscription.unsubscribe();
    }
    return false;
  }

  /** Gives the slot back, once. */
  release(): void {
    const slot = this.slot;
    if (slot !== undefined) {
      this.slot = undefined;
      slot.release(this.handle);
    }
  }

  // Observer of an Observable task.

  next(value: unknown): void {
    if (this.mode === OBSERVING) this._value = value;
  }

  error(error: unknown): void {
    if (this.mode !== OBSERVING) return;
    this.mode = IDLE;
    this.subscription = undefined;
    this.handle._fail(error);
  }

  complete(): void {
    if (this.mode !== OBSERVING) return;
    this.mode = IDLE;
    this.subscription = undefined;
    const value = this._value;
    this._value = undefined;
    this.handle._complete(value);
  }

  private _observe(source: Observable<unknown>): void {
    this.mode = OBSERVING;
    let subscription: Subscription;
    try {
      subscription = source.subscribe(this);
    } catch (error) {
      // Only a broken Observable throws from subscribe; RxJS sends the rest to `error`.
      this.error(error);
      return;
    }
    // A source that ended inside subscribe() is done. (A continuation started from
    // its end does not run inside it: TaskHandle._run is a loop, not a recursion.)
    if (this.mode === OBSERVING) this.subscription = subscription;
    else subscription.unsubscribe();
  }

  private _await(promise: PromiseLike<unknown>): void {
    this.mode = AWAITING;
    try {
      promise.then(
        (value) => this._settle(true, value),
        (error) => this._settle(false, error),
      );
    } catch (error) {
      this._settle(false, error);
    }
  }

  private _settle(ok: boolean, value: unknown): void {
    const mode = this.mode;
    if (mode === ABANDONED) {
      this.mode = IDLE;
      this.release();
      this.handle._tracker._workStopped();
      return;
    }
    if (mode !== AWAITING) return;
    this.mode = IDLE;
    if (ok) this.handle._complete(value);
    else this.handle._fail(value);
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
