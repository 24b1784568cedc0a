import type { Observable } from 'rxjs';
import { scheduleAfter } from '../time/scheduleAfter.js';
import type { TaskHandle } from './TaskHandle.js';
import { failTask } from './taskFailure.js';
import { clearTimers } from './taskTimers.js';
import { moveTo, QUEUED, stateOf, WAITING } from './TaskState.js';
import { unsubscribeReporting } from './errorReports.js';
import { extrasOf } from './TaskExtras.js';
import { contextOf } from './ErrorContext.js';
import { releaseSlot } from './TaskRun.js';

/** @internal Why and how long a task pauses. */
export interface PauseOptions {
  /** A retry (counted and told as one) or a continuation that asked to be rescheduled (`continuation`). */
  readonly cause: 'retry' | 'continuation';
  /** The error that led to a retry. */
  readonly error?: unknown;
  /** How long to wait before queueing again: ms, or until an Observable emits or ends; none by default. */
  readonly delay?: number | Observable<unknown>;
}

/**
 * @internal Gives the slot back and queues the task again, after `delay`: a retry
 * (`ErrorResponse.retry`), or a continuation that asked to be rescheduled. Never
 * waits for a new slot while holding the old one (the Rust original deadlocks a
 * full semaphore that way).
 */
export function pause(handle: TaskHandle<unknown>, options: PauseOptions): void {
  const { delay } = options;
  const tracker = handle._owner;
  contextOf(handle).restarts++;
  moveTo(handle, WAITING);
  tracker._ledger._taskPaused(handle, options.cause === 'retry', options.error);
  releaseSlot(handle);
  if (stateOf(handle) !== WAITING) return;
  if (delay === undefined) {
    requeue(handle);
    return;
  }
  const extras = extrasOf(handle);
  if (typeof delay === 'number') {
    extras.retryTimer = scheduleAfter(tracker._clock, delay, () => requeue(handle));
    return;
  }
  const wait = new DelayWait(handle);
  const subscription = delay.subscribe(wait);
  // A delay that emitted at once has queued the task already: nothing to keep.
  if (wait.closed) unsubscribeReporting(tracker._handlers, subscription, handle);
  else extras.retryTimer = subscription;
}

/** The wait is over: queue for a slot again. */
function requeue(handle: TaskHandle<unknown>): void {
  if (stateOf(handle) !== WAITING) return;
  clearTimers(handle);
  moveTo(handle, QUEUED);
  handle._owner._tasks.next(handle);
}

/** Waits for a retry delay given as an Observable: its first value or its end. */
class DelayWait {
  closed = false;

  constructor(private readonly _handle: TaskHandle<unknown>) {}

  next(): void {
    this.complete();
  }

  error(error: unknown): void {
    if (this.closed) return;
    this.closed = true;
    const handle = this._handle;
    if (stateOf(handle) !== WAITING) return;
    clearTimers(handle);
    failTask(handle, error);
  }

  complete(): void {
    if (this.closed) return;
    this.closed = true;
    requeue(this._handle);
  }
}
