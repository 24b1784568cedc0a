import type { TaskCancelledError } from '../errors/TaskCancelledError.js';
import { isCancellableResult, isOwnerDestroyed } from './brands.js';
import type { TaskHandle } from './TaskHandle.js';
import { CANCELLED, SEND_VALUE, STATE, STREAM, SUCCESS } from './TaskState.js';

// A streaming task (`spawn$`, the operators) has a sink where other tasks have
// the function that settles their handle (`_end`, flag STREAM): every value goes
// to it as the task emits it, and its end after the task's bookkeeping is done
// and its slot is free, so that the sink may spawn again.

/**
 * @internal Where a streaming task (`spawn$`, the operators) sends every value
 * and its end: `complete()` on success, `error(taskError)` otherwise. A
 * Subscriber is one. Told after the task's bookkeeping is done and its slot is
 * free, so it may spawn again at once.
 */
export interface TaskSink {
  /** A Subscriber's: `true` once it no longer wants values. */
  readonly closed?: boolean;
  /** The Subscriber whose teardown lets go of the task, when the sink is not one itself (an operator's output). */
  readonly consumer?: object;
  next(value: unknown): void;
  error(error: unknown): void;
  complete(): void;
}

/** @internal The sink of a streaming task, until it was told the end or went away. */
function sinkOf(handle: TaskHandle<unknown>): TaskSink | undefined {
  return (handle._state & STREAM) !== 0 ? (handle._end as TaskSink | undefined) : undefined;
}

/**
 * @internal The subscriber of a streaming task went away: cancel the task,
 * telling nobody (its handle, never seen outside, does not settle).
 */
export function unsubscribeTask(handle: TaskHandle<unknown>): void {
  if (sinkOf(handle) === undefined) return;
  handle._end = undefined;
  if (!handle.isFinished()) handle.cancel(new DOMException('The subscriber unsubscribed.', 'AbortError'));
}

/**
 * @internal Whether a streaming task's consumer is being torn down: it, or a
 * Subscription it was added to (RxJS 7 keeps them in `_parentage`), has closed,
 * so this task is cancelled within the same synchronous teardown. Asked when a
 * queued task is about to start: a slot freed by one task of a `forkJoin`
 * being unsubscribed must not start the next, only for it to be torn down too.
 */
export function isTornDown(handle: TaskHandle<unknown>): boolean {
  const sink = sinkOf(handle);
  return sink !== undefined && (sink.closed === true || closing(sink.consumer ?? sink));
}

function closing(subscription: unknown): boolean {
  for (let at = subscription as { closed?: boolean; _parentage?: unknown } | null | undefined; at != null; at = at._parentage as typeof at) {
    if (at.closed === true) return true;
    if (Array.isArray(at._parentage)) return at._parentage.some(closing);
  }
  return false;
}

/** @internal Sends a value the task emitted to its sink. */
export function emitValue(handle: TaskHandle<unknown>, value: unknown): void {
  // A CancellableTaskResult is the end's to unwrap (ok) or act on.
  if (isCancellableResult(value)) return;
  const sink = sinkOf(handle);
  if (sink === undefined) return;
  sink.next(value);
  // A subscriber that went away inside a synchronous subscribe (take(1) of a
  // synchronous task) has no teardown registered yet to tell us.
  if (sink.closed === true && handle._end === sink) unsubscribeTask(handle);
}

/**
 * @internal Tells the sink how the task ended, once (if it is still there):
 * `complete()`, or `error(taskError)`, except for a task cancelled with an
 * {@link OwnerDestroyed} reason, which completes.
 */
export function deliverEnd(handle: TaskHandle<unknown>): void {
  const sink = sinkOf(handle);
  if (sink === undefined) return;
  handle._end = undefined;
  const state = handle._state & STATE;
  if (state !== SUCCESS) {
    // Cancelled because its owner went away: nobody is left to tell, so the stream
    // ends as under takeUntil(destroyed$), whichever of the two the owner ran first.
    if (state === CANCELLED && isOwnerDestroyed((handle._stage as TaskCancelledError).reason)) sink.complete();
    else sink.error(handle._stage);
    return;
  }
  if ((handle._state & SEND_VALUE) !== 0) sink.next(handle._stage);
  sink.complete();
}
