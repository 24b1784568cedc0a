import { from, type Observable } from 'rxjs';
import type { TaskError } from '../errors/TaskError.js';
import { TaskFailedError } from '../errors/TaskFailedError.js';
import { got } from '../errors/describeValue.js';
import type { Continuation } from '../policies/Continuation.js';
import { runContinuation } from './runExecutable.js';
import { ErrorResponse, type OnErrorAction } from '../policies/ErrorResponse.js';
import type { OnErrorContext } from '../policies/OnErrorPolicy.js';
import { isActionResult, isFailedWithContinuation } from './brands.js';
import type { ErrorContext } from './ErrorContext.js';
import type { TaskHandle } from './TaskHandle.js';
import { armTimeout, clearTimer } from './taskTimeout.js';
import { CONTINUATION, FAILED, QUEUED, RUNNING, TOKEN_ARG, WAITING } from './taskStates.js';
import { ACTING, IDLE } from './TaskRun.js';

/**
 * @internal The `catchError` of a tracker: decides, with the tracker's error
 * policy, what becomes of a task whose run failed. In order:
 * 1. the task's error context is made (its first error) and `attemptCount` goes up;
 * 2. a {@link FailedWithContinuation} the policy allows continues the task with its
 *    continuation (in its slot, or rescheduled), without asking `onError`;
 * 3. otherwise `onError` answers: fail, shutdown, retry, or a custom action.
 * A policy that throws (or answers nonsense) fails the task with its own error
 * and is reported through the tracker's `onPolicyError`.
 */
export function handleTaskError(handle: TaskHandle<unknown>, error: unknown): void {
  clearTimer(handle);
  const tracker = handle._tracker;
  const policy = tracker._policy;
  let context: ErrorContext;
  let response: ErrorResponse;
  try {
    context = handle._context();
    context.attemptCount++;
    if (isFailedWithContinuation(error) && (policy.allowContinuation?.(error, context) ?? true)) {
      continueWith(handle, error.continuation, policy.shouldReschedule?.(error, context) ?? false);
      return;
    }
    response = policy.onError(error, context);
    if (!(response instanceof ErrorResponse)) {
      throw new TypeError(`${policy.constructor?.name || 'The error policy'}.onError() returned ${got(response)}; it must return an ErrorResponse`);
    }
  } catch (policyError) {
    tracker._reportPolicyError(policyError, handle);
    handle._finish(FAILED, failure(handle, error), undefined);
    return;
  }
  // The policy may have cancelled the task (its tracker, its token) while deciding.
  if (handle._state !== RUNNING) return;
  switch (response.kind) {
    case 'fail':
      handle._finish(FAILED, failure(handle, error), undefined);
      return;
    case 'shutdown':
      handle._finish(FAILED, failure(handle, error), response.target ?? tracker);
      return;
    case 'retry':
      pause(handle, error, response.delay, true);
      return;
    case 'custom':
      runAction(handle, response.action!, error, context);
      return;
  }
}

/** @internal The retry delay is over: queue for a slot again. */
export function requeue(handle: TaskHandle<unknown>): void {
  if (handle._state !== WAITING) return;
  clearTimer(handle);
  handle._setState(QUEUED);
  handle._tracker._offer(handle);
}

/** The error a failed task's handle rejects with: its own `TaskFailedError`, or one wrapping the task's error. */
function failure(handle: TaskHandle<unknown>, error: unknown): TaskError {
  return error instanceof TaskFailedError && error.taskId === handle.id ? error : new TaskFailedError(handle.id, error);
}

function continueWith(handle: TaskHandle<unknown>, continuation: Continuation, reschedule: boolean): void {
  // A policy hook may have cancelled the task while deciding.
  if (handle._state !== RUNNING) return;
  handle._payload = continuation;
  handle._bits |= TOKEN_ARG | CONTINUATION;
  if (reschedule) {
    pause(handle, undefined, undefined, false);
    return;
  }
  // The continuation is a new run in the same slot: it gets the timeout afresh.
  runContinuation(handle);
  armTimeout(handle);
}

/**
 * Gives the slot back and queues the task again, after `delay`: a retry, or a
 * continuation that asked to be rescheduled. Never waits for a new slot while
 * holding the old one (the Rust original deadlocks a full semaphore that way).
 */
function pause(handle: TaskHandle<unknown>, error: unknown, delay: number | Observable<unknown> | undefined, retry: boolean): void {
  const tracker = handle._tracker;
  handle._context().restarts++;
  handle._setState(WAITING);
  tracker._taskPaused(handle, retry, error);
  handle._releaseSlot();
  if (handle._state !== WAITING) return;
  if (delay === undefined) {
    requeue(handle);
    return;
  }
  const extras = handle._extras();
  if (typeof delay === 'number') {
    extras.timer = tracker._clock.schedule(() => requeue(handle), delay);
    return;
  }
  const wait = new DelayWait(handle);
  const subscription = delay.subscribe(wait);
  // A delay that emitted at once has queued the task already, which may be
  // running again with its timeout in `extras.timer`: leave that timer alone.
  if (wait.closed) tracker._unsubscribe(subscription, handle);
  else extras.timer = subscription;
}

function runAction(handle: TaskHandle<unknown>, action: OnErrorAction, error: unknown, context: OnErrorContext): void {
  let decision: unknown;
  try {
    decision = action.execute(error, context);
    if (!isActionResult(decision)) {
      // An async decision: the task keeps its slot meanwhile; cancelling it unsubscribes.
      const run = handle._currentRun();
      const work = new ActionWork(handle, error, context);
      run.mode = ACTING;
      const subscription = from(decision as Observable<unknown>).subscribe(work);
      if (work.closed) handle._tracker._unsubscribe(subscription, handle);
      else run.subscription = subscription;
      return;
    }
  } catch (actionError) {
    const run = handle._run;
    if (run !== undefined && run.mode === ACTING) run.mode = IDLE;
    handle._tracker._reportPolicyError(actionError, handle);
    handle._finish(FAILED, failure(handle, error), undefined);
    return;
  }
  applyAction(handle, decision, error, context);
}

function applyAction(handle: TaskHandle<unknown>, decision: unknown, error: unknown, context: OnErrorContext): void {
  if (handle._state !== RUNNING) return;
  const tracker = handle._tracker;
  if (!isActionResult(decision)) {
    tracker._reportPolicyError(new TypeError(`A custom error action produced ${got(decision)}; it must produce an ActionResult.`), handle);
    handle._finish(FAILED, failure(handle, error), undefined);
    return;
  }
  if (decision.kind === 'continue') {
    let reschedule = false;
    try {
      reschedule = tracker._policy.shouldReschedule?.(error, context) ?? false;
    } catch (policyError) {
      tracker._reportPolicyError(policyError, handle);
    }
    continueWith(handle, decision.continuation!, reschedule);
  } else {
    handle._finish(FAILED, failure(handle, error), decision.kind === 'shutdown' ? (decision.target ?? tracker) : undefined);
  }
}

/** Observes a custom action's async decision: its last value counts. */
class ActionWork {
  closed = false;
  private _decision: unknown = undefined;

  constructor(
    private readonly _handle: TaskHandle<unknown>,
    private readonly _error: unknown,
    private readonly _context: OnErrorContext,
  ) {}

  next(decision: unknown): void {
    this._decision = decision;
  }

  error(actionError: unknown): void {
    if (!this._end()) return;
    const handle = this._handle;
    if (handle._state !== RUNNING) return;
    handle._tracker._reportPolicyError(actionError, handle);
    handle._finish(FAILED, failure(handle, this._error), undefined);
  }

  complete(): void {
    if (this._end()) applyAction(this._handle, this._decision, this._error, this._context);
  }

  /** Marks the action over; `false` if it already was. */
  private _end(): boolean {
    if (this.closed) return false;
    this.closed = true;
    const run = this._handle._run;
    if (run !== undefined && run.mode === ACTING) {
      run.mode = IDLE;
      run.subscription = undefined;
    }
    return true;
  }
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
    if (handle._state !== WAITING) return;
    clearTimer(handle);
    handle._finish(FAILED, failure(handle, error), undefined);
  }

  complete(): void {
    if (this.closed) return;
    this.closed = true;
    requeue(this._handle);
  }
}
