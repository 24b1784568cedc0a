import { isCancellableResult } from './brands.js';
import type { TaskHandle } from './TaskHandle.js';
import { SEND_VALUE, STATE, SUCCESS } from './taskStates.js';

// A streaming task (`spawn$`, the operators) has a sink in its extras: every
// value goes to it as the task emits it, and its end after the task's
// bookkeeping is done and its slot is free, so that the sink may spawn again.

/**
 * @internal The subscriber of a streaming task went away: cancel the task,
 * telling nobody (the handle still rejects, as handled).
 */
export function unsubscribeTask(handle: TaskHandle<unknown>): void {
  const extras = handle._x;
  if (extras === undefined || extras.sink === undefined) return;
  extras.sink = undefined;
  if (!handle.isFinished()) handle.cancel(new DOMException('The subscriber unsubscribed.', 'AbortError'));
}

/** @internal Sends a value the task emitted to its sink. */
export function emitValue(handle: TaskHandle<unknown>, value: unknown): void {
  // A CancellableTaskResult is the end's to unwrap (ok) or act on.
  if (isCancellableResult(value)) return;
  const sink = handle._x?.sink;
  if (sink === undefined) return;
  sink.next(value);
  // A subscriber that went away inside a synchronous subscribe (take(1) of a
  // synchronous task) has no teardown registered yet to tell us.
  if (sink.closed === true && handle._x?.sink === sink) unsubscribeTask(handle);
}

/** @internal Tells the sink how the task ended, once. */
export function deliverEnd(handle: TaskHandle<unknown>): void {
  const extras = handle._x!;
  const sink = extras.sink!;
  extras.sink = undefined;
  if ((handle._bits & STATE) !== SUCCESS) {
    sink.error(handle._payload);
    return;
  }
  if ((handle._bits & SEND_VALUE) !== 0) sink.next(handle._payload);
  sink.complete();
}
