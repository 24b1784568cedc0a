import { from, Observable, type Subscription } from 'rxjs';
import { CancellationToken, defaultCancelReason } from '../cancellation/CancellationToken.js';
import { isAbortError } from '../cancellation/isAbortError.js';
import { TaskCancelledError } from '../errors/TaskCancelledError.js';
import type { TaskError } from '../errors/TaskError.js';
import { TaskFailedError } from '../errors/TaskFailedError.js';
import { TaskRejectedError } from '../errors/TaskRejectedError.js';
import { TaskTimeoutError } from '../errors/TaskTimeoutError.js';
import { ActionResult } from '../policies/ActionResult.js';
import type { Continuation } from '../policies/Continuation.js';
import { ErrorResponse, type OnErrorAction } from '../policies/ErrorResponse.js';
import { FailedWithContinuation } from '../policies/FailedWithContinuation.js';
import type { OnErrorContext } from '../policies/OnErrorPolicy.js';
import type { TaskSlot } from '../scheduling/TaskScheduler.js';
import { CancellableTaskResult } from './CancellableTaskResult.js';
import { ErrorContext } from './ErrorContext.js';
import type { TaskTracker } from './TaskTracker.js';

/** Where a task is in its life. */
export type TaskStatus = 'queued' | 'running' | 'retrying' | 'success' | 'failed' | 'cancelled' | 'rejected';

// States. Everything from SUCCESS on is final.
/** @internal */ export const QUEUED = 0;
/** @internal */ export const RUNNING = 1;
/** @internal */ export const WAITING = 2; // for a retry delay, without a slot
/** @internal */ export const SUCCESS = 3;
/** @internal */ export const FAILED = 4;
/** @internal */ export const CANCELLED = 5;
/** @internal */ export const REJECTED = 6;

const STATUS: readonly TaskStatus[] = ['queued', 'running', 'retrying', 'success', 'failed', 'cancelled', 'rejected'];

// Flags.
const STARTED = 1; // got a slot at least once
const TOKEN_ARG = 2; // the executable takes the task's token (spawnCancellable, continuations)
const CONTINUATION = 4; // the executable is a Continuation object
const IN_RUN = 8;
const RERUN = 16;

type Executable = Observable<unknown> | ((token?: CancellationToken) => unknown) | Continuation;

let lastSeq = 0;

// A Promise subclass must be built through an executor; these carry its resolvers
// out of it without a closure per task.
let capturedResolve: ((value: unknown) => void) | undefined;
let capturedReject: ((error: unknown) => void) | undefined;
function captureResolvers(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}
const nativeThen = Promise.prototype.then;
function ignore(): void {}

/** @internal Kinds of `spawn` input, as flags. */
export const TASK_PLAIN = 0;
/** @internal */
export const TASK_CANCELLABLE = TOKEN_ARG;

/**
 * The handle of one spawned task: await it for the task's value, cancel it, or
 * read its token.
 *
 * It is a `Promise`: `await handle` gives the task's value, or throws a
 * {@link TaskError}: {@link TaskCancelledError}, {@link TaskFailedError} (its
 * `cause` is the task's own error) or {@link TaskRejectedError}. A handle settles
 * exactly once, and a handle nobody awaits never causes an unhandled rejection.
 * RxJS code can turn it into an Observable with `from(handle)`.
 *
 * Why a real Promise and not an object with `then`: `await` and `Promise.all`
 * adopt a native promise as it is, while a thenable costs them three more
 * promises and a job, which tripled the per-task cost of awaiting a million
 * handles.
 *
 * @example
 * ```ts
 * const handle = tracker.spawn(() => fetch('/api/user').then((r) => r.json()));
 * handle.id;          // 'task-1'
 * handle.isFinished(); // false
 * const user = await handle;
 * ```
 */
export class TaskHandle<T = unknown> extends Promise<T> {
  // One object per task, so its fields are kept few: a million queued tasks are a
  // million of these. Rarely needed state lives in `_x`.
  /** @internal */ _tracker: TaskTracker;
  /** @internal */ _exec: Executable | undefined;
  /** @internal */ _state = QUEUED;
  /** @internal */ _flags: number;
  /** @internal */ _seq: number;
  /** @internal The last value while running; the value or the TaskError once done. */
  _result: unknown = undefined;
  /** @internal */ _resolve: ((value: unknown) => void) | undefined;
  /** @internal */ _reject: ((error: unknown) => void) | undefined;
  /** @internal Neighbours in the tracker's list of unfinished tasks. */
  _prev: TaskHandle<unknown> | undefined = undefined;
  /** @internal */ _next: TaskHandle<unknown> | undefined = undefined;
  /** @internal */ _token: CancellationToken | undefined = undefined;
  /** @internal */ _slot: TaskSlot | undefined = undefined;
  /** @internal */ _work: Work | undefined = undefined;
  /** @internal */ _x: TaskExtras | undefined;

  /** @internal Use `tracker.spawn()`. */
  constructor(tracker: TaskTracker, exec: Executable, kind: number, timeout: number | undefined) {
    super(captureResolvers as ConstructorParameters<typeof Promise<T>>[0]);
    this._resolve = capturedResolve;
    this._reject = capturedReject;
    // Else the last handle would live as long as the module.
    capturedResolve = capturedReject = undefined;
    this._tracker = tracker;
    this._exec = exec;
    this._flags = kind;
    this._seq = ++lastSeq;
    this._x = timeout === undefined ? undefined : new TaskExtras(timeout);
  }

  /** The task's unique id, e.g. `task-42`. */
  get id(): string {
    return `task-${this._seq}`;
  }

  /** Where the task is: `queued`, `running`, `retrying` (waiting to run again), or how it ended. */
  get status(): TaskStatus {
    return STATUS[this._state];
  }

  /** Whether the task has ended (and its handle settled), whatever the outcome. */
  isFinished(): boolean {
    return this._state >= SUCCESS;
  }

  /**
   * The task's cancellation token: a child of its tracker's token. Cancelling it
   * cancels the task (as {@link TaskHandle.cancel} does). Its `signal` is what to
   * pass to `fetch`. Once the task has ended the token no longer follows the
   * tracker: it stays as the task left it.
   *
   * @example
   * ```ts
   * const handle = tracker.spawn(() => work());
   * handle.cancellationToken().cancelled$.subscribe(() => console.log('cancelled'));
   * ```
   */
  cancellationToken(): CancellationToken {
    let token = this._token;
    if (token === undefined) {
      token = this._token = CancellationToken._owned(this._tracker._token, this);
      if (this._state >= SUCCESS) {
        token._release();
        if (this._state === CANCELLED) token.cancel((this._result as TaskCancelledError).reason);
      }
    }
    return token;
  }

  /**
   * Cancels the task, queued or running: a queued task leaves its queue without
   * starting, a running Observable is unsubscribed at once, the task's token
   * fires (so a `fetch` given its signal aborts). The handle rejects with a
   * {@link TaskCancelledError} carrying `reason`. A promise task keeps its slot
   * until its promise settles.
   *
   * @returns `true` if this call cancelled the task, `false` if it had already ended.
   *
   * @example
   * ```ts
   * const handle = tracker.spawn(() => download(file));
   * cancelButton.onclick = () => handle.cancel('user clicked cancel');
   * ```
   */
  cancel(reason?: unknown): boolean {
    if (this._state >= SUCCESS) return false;
    const why = reason === undefined ? defaultCancelReason() : reason;
    if (this._token !== undefined && this._token.cancel(why)) return true;
    if (this._state >= SUCCESS) return false;
    this._cancel(why);
    return true;
  }

  /** @internal ScheduledTask: true once the task no longer wants a slot. */
  isCancelled(): boolean {
    return this._state !== QUEUED || this._tracker._cancelled;
  }

  /** @internal ScheduledTask: runs the task in `slot`. */
  start(slot: TaskSlot): void {
    if (this._state !== QUEUED) {
      slot.release(this);
      return;
    }
    const tracker = this._tracker;
    this._slot = slot;
    if (tracker._cancelled) {
      this._cancel(tracker._token.reason, tracker._cancelError());
      return;
    }
    if (tracker._admit) {
      const verdict = tracker._askAdmission(this);
      if (verdict !== true) {
        this._finish(REJECTED, new TaskRejectedError(this.id, verdict), undefined);
        return;
      }
    }
    this._state = RUNNING;
    const first = (this._flags & STARTED) === 0;
    this._flags |= STARTED;
    tracker._taskStarted(this, first);
    const timeout = this._x?.timeout ?? tracker._timeout;
    if (timeout !== undefined) this._armTimeout(timeout);
    this._run();
  }

  /** @internal ScheduledTask: the scheduler refuses the task. */
  reject(reason: string): void {
    if (this._state === QUEUED) this._finish(REJECTED, new TaskRejectedError(this.id, String(reason)), undefined);
  }

  /** @internal The token was cancelled (directly or by an ancestor): cancel the task. */
  _onTokenCancelled(reason: unknown): void {
    this._cancel(reason);
  }

  /** @internal Remembers when the task first started, for event durations. */
  _noteStart(time: number): void {
    (this._x ??= new TaskExtras(undefined)).startedAt = time;
  }

  /** @internal The attempt number of the current or next run: 1, then +1 per retry or reschedule. */
  _attempt(): number {
    return 1 + (this._x?.context?.restarts ?? 0);
  }

  /**
   * @internal Ends the task cancelled, rejecting its handle with `error` (its
   * tracker's, when the tracker was cancelled) or an error of its own.
   */
  _cancel(reason: unknown, error?: TaskCancelledError): void {
    const state = this._state;
    if (state >= SUCCESS) return;
    this._state = CANCELLED;
    this._result = error ?? new TaskCancelledError(this.id, reason);
    const tracker = this._tracker;
    // A queued task not being started sits in its scheduler's queue: let it drop it.
    if (state === QUEUED && this._slot === undefined) tracker._scheduler.forget?.(this);
    this._clearTimer();
    tracker._taskEnded(this, CANCELLED, state === RUNNING);
    this._settle();
    this._stopWork();
    const token = this._token;
    if (token !== undefined) {
      token.cancel(reason);
      token._release();
    }
    this._exec = undefined;
    this._releaseSlot();
    tracker._workStopped();
  }

  /**
   * @internal Ends the task with `outcome` (not cancellation), then gives back its
   * slot; `shutdown` is the tracker an error policy asked to cancel.
   */
  _finish(outcome: number, result: unknown, shutdown: TaskTracker | undefined): void {
    const state = this._state;
    if (state >= SUCCESS) return;
    this._state = outcome;
    this._result = result;
    const tracker = this._tracker;
    this._clearTimer();
    tracker._taskEnded(this, outcome, state === RUNNING);
    this._settle();
    this._stopWork();
    this._token?._release();
    this._exec = undefined;
    // A shutdown cancels the tracker before the slot is free, so none of the
    // tracker's queued tasks can take the slot only to be cancelled.
    shutdown?.cancel(result);
    this._releaseSlot();
    tracker._workStopped();
  }

  /** @internal The current work ended with a value. */
  _complete(value: unknown): void {
    if (this._state !== RUNNING) return;
    this._work = undefined;
    if (value instanceof CancellableTaskResult) {
      if (value.kind === 'cancelled') {
        this._cancel(this._token?.reason ?? new DOMException('The task reported that it was cancelled.', 'AbortError'));
        return;
      }
      if (value.kind === 'err') {
        this._handleError(value.error);
        return;
      }
      value = value.value;
    }
    this._finish(SUCCESS, value, undefined);
  }

  /** @internal The current work ended with an error. */
  _fail(error: unknown): void {
    if (this._state !== RUNNING) return;
    this._work = undefined;
    const token = this._token;
    // A task that stops because its token fired ends cancelled, not failed.
    if (token !== undefined && token.isCancelled() && (error === token.reason || isAbortError(error))) {
      this._cancel(token.reason);
      return;
    }
    this._handleError(error);
  }

  private _settle(): void {
    const resolve = this._resolve!;
    const reject = this._reject!;
    this._resolve = this._reject = undefined;
    if (this._state === SUCCESS) {
      resolve(this._result);
    } else {
      // Nobody may be listening: a handler attached before the rejection keeps an
      // ignored handle from ever reporting an unhandled rejection (and spares the
      // runtime's unhandled-rejection bookkeeping). Awaiting it still throws.
      nativeThen.call(this, undefined, ignore);
      reject(this._result);
    }
  }

  /** Runs the executable; a loop, so a chain of synchronous continuations cannot grow the stack. */
  private _run(): void {
    if ((this._flags & IN_RUN) !== 0) {
      this._flags |= RERUN;
      return;
    }
    this._flags |= IN_RUN;
    try {
      do {
        this._flags &= ~RERUN;
        this._runOnce();
      } while ((this._flags & RERUN) !== 0 && this._state === RUNNING);
    } finally {
      this._flags &= ~(IN_RUN | RERUN);
    }
  }

  private _runOnce(): void {
    const exec = this._exec;
    this._result = undefined;
    let input: unknown;
    try {
      if ((this._flags & CONTINUATION) !== 0) input = (exec as Continuation).execute(this.cancellationToken());
      else if (typeof exec === 'function') input = (this._flags & TOKEN_ARG) !== 0 ? exec(this.cancellationToken()) : exec();
      else input = exec;
    } catch (error) {
      this._fail(error);
      return;
    }
    this._consume(input);
  }

  /** Subscribes to, awaits, or takes as a value what the task returned. */
  private _consume(input: unknown): void {
    if (input instanceof Observable) {
      this._subscribe(input);
      return;
    }
    if (input !== null && (typeof input === 'object' || typeof input === 'function')) {
      if (typeof (input as PromiseLike<unknown>).then === 'function') {
        const work = new PromiseWork(this);
        this._work = work;
        try {
          (input as PromiseLike<unknown>).then(
            (value) => work.settle(true, value),
            (error) => work.settle(false, error),
          );
        } catch (error) {
          work.settle(false, error);
        }
        return;
      }
      if (isStreamInput(input)) {
        let source: Observable<unknown>;
        try {
          source = from(input as Iterable<unknown>);
        } catch (error) {
          this._fail(error);
          return;
        }
        this._subscribe(source);
        return;
      }
    }
    // A plain value (strings included: they are values here, not streams of characters).
    this._complete(input);
  }

  private _subscribe(source: Observable<unknown>): void {
    const work = new ObservableWork(this);
    this._work = work;
    let subscription: Subscription;
    try {
      subscription = source.subscribe(work);
    } catch (error) {
      // Only a broken Observable throws from subscribe; RxJS sends the rest to `error`.
      work.error(error);
      return;
    }
    if (work.closed) subscription.unsubscribe();
    else work.subscription = subscription;
  }

  /** Stops the current work. A pending promise cannot be stopped: it keeps the slot until it settles. */
  private _stopWork(): void {
    const work = this._work;
    if (work !== undefined) {
      this._work = undefined;
      work.stop();
    }
  }

  private _releaseSlot(): void {
    const slot = this._slot;
    if (slot !== undefined) {
      this._slot = undefined;
      slot.release(this);
    }
  }

  private _clearTimer(): void {
    const x = this._x;
    if (x?.timer !== undefined) {
      x.timer.unsubscribe();
      x.timer = undefined;
    }
  }

  private _armTimeout(timeout: number): void {
    const x = (this._x ??= new TaskExtras(undefined));
    x.timer = this._tracker._clock.schedule(() => {
      x.timer = undefined;
      if (this._state !== RUNNING) return;
      this._stopWork();
      this._handleError(new TaskTimeoutError(this.id, timeout));
    }, timeout);
  }

  /** The `catchError` of the tracker: asks the policy what becomes of the task. */
  private _handleError(error: unknown): void {
    this._clearTimer();
    const tracker = this._tracker;
    const policy = tracker._policy;
    let context: ErrorContext;
    let response: ErrorResponse;
    try {
      context = this._context();
      context.attemptCount++;
      if (error instanceof FailedWithContinuation && (policy.allowContinuation?.(error, context) ?? true)) {
        this._continueWith(error.continuation, policy.shouldReschedule?.(error, context) ?? false);
        return;
      }
      response = policy.onError(error, context);
      if (!(response instanceof ErrorResponse)) {
        throw new TypeError(
          `${policyName(policy)}.onError() returned ${typeof response}; it must return an ErrorResponse ` +
            '(ErrorResponse.fail(), .shutdown(), .retry() or .custom()).',
        );
      }
    } catch (policyError) {
      tracker._reportPolicyError(policyError, this);
      this._finish(FAILED, this._failure(error), undefined);
      return;
    }
    // The policy may have cancelled the task (its tracker, its token) while deciding.
    if (this._state !== RUNNING) return;
    switch (response.kind) {
      case 'fail':
        this._finish(FAILED, this._failure(error), undefined);
        return;
      case 'shutdown':
        this._finish(FAILED, this._failure(error), response.target ?? tracker);
        return;
      case 'retry':
        this._pause(error, response.delay, true);
        return;
      case 'custom':
        this._runAction(response.action!, error, context);
        return;
    }
  }

  private _context(): ErrorContext {
    const x = (this._x ??= new TaskExtras(undefined));
    return (x.context ??= new ErrorContext(this));
  }

  private _failure(error: unknown): TaskError {
    return error instanceof TaskFailedError && error.taskId === this.id ? error : new TaskFailedError(this.id, error);
  }

  private _runAction(action: OnErrorAction, error: unknown, context: OnErrorContext): void {
    let decision: unknown;
    try {
      decision = action.execute(error, context);
      if (!(decision instanceof ActionResult)) {
        const work = new ActionWork(this, error, context);
        this._work = work;
        work.subscription = from(decision as Observable<unknown>).subscribe(work);
        if (work.closed) work.subscription.unsubscribe();
        return;
      }
    } catch (actionError) {
      this._work = undefined;
      this._tracker._reportPolicyError(actionError, this);
      this._finish(FAILED, this._failure(error), undefined);
      return;
    }
    this._applyAction(decision, error, context);
  }

  /** @internal What a custom action decided. */
  _applyAction(decision: unknown, error: unknown, context: OnErrorContext): void {
    if (this._state !== RUNNING) return;
    this._work = undefined;
    if (!(decision instanceof ActionResult)) {
      this._tracker._reportPolicyError(
        new TypeError(`A custom error action produced ${describeValue(decision)}; it must produce an ActionResult.`),
        this,
      );
      this._finish(FAILED, this._failure(error), undefined);
      return;
    }
    if (decision.kind === 'continue') {
      let reschedule = false;
      try {
        reschedule = this._tracker._policy.shouldReschedule?.(error, context) ?? false;
      } catch (policyError) {
        this._tracker._reportPolicyError(policyError, this);
      }
      this._continueWith(decision.continuation!, reschedule);
    } else {
      this._finish(FAILED, this._failure(error), decision.kind === 'shutdown' ? (decision.target ?? this._tracker) : undefined);
    }
  }

  /** @internal A custom action failed. */
  _actionFailed(actionError: unknown, error: unknown): void {
    if (this._state !== RUNNING) return;
    this._work = undefined;
    this._tracker._reportPolicyError(actionError, this);
    this._finish(FAILED, this._failure(error), undefined);
  }

  private _continueWith(continuation: Continuation, reschedule: boolean): void {
    // A policy hook may have cancelled the task while deciding.
    if (this._state !== RUNNING) return;
    this._exec = continuation;
    this._flags |= TOKEN_ARG | CONTINUATION;
    if (reschedule) {
      this._pause(undefined, undefined, false);
      return;
    }
    // The continuation is a new run in the same slot: it gets the timeout afresh.
    const timeout = this._x?.timeout ?? this._tracker._timeout;
    if (timeout !== undefined) this._armTimeout(timeout);
    this._run();
  }

  /**
   * Gives the slot back and queues the task again, after `delay`: a retry, or a
   * continuation that asked to be rescheduled. Never waits for a new slot while
   * holding the old one (the Rust original deadlocks a full semaphore that way).
   */
  private _pause(error: unknown, delay: number | Observable<unknown> | undefined, retry: boolean): void {
    const tracker = this._tracker;
    this._context().restarts++;
    this._state = WAITING;
    tracker._taskPaused(this, retry, error);
    this._releaseSlot();
    if (this._state !== WAITING) return;
    if (delay === undefined) {
      this._requeue();
      return;
    }
    const x = this._x!;
    if (typeof delay === 'number') {
      x.timer = tracker._clock.schedule(() => this._requeue(), delay);
      return;
    }
    const wait = new DelayWait(this);
    const subscription = delay.subscribe(wait);
    // A delay that emitted at once has queued the task already, which may be
    // running again with its timeout in `x.timer`: leave that timer alone.
    if (wait.closed) subscription.unsubscribe();
    else x.timer = wait.subscription = subscription;
  }

  /** @internal The retry delay is over: queue for a slot again. */
  _requeue(): void {
    if (this._state !== WAITING) return;
    this._clearTimer();
    this._state = QUEUED;
    this._tracker._offer(this);
  }

  /** @internal The retry delay Observable errored: the task fails with that error. */
  _delayFailed(error: unknown): void {
    if (this._state !== WAITING) return;
    this._clearTimer();
    this._finish(FAILED, this._failure(error), undefined);
  }
}

/** State few tasks need: a timeout, an error context, a timer. */
class TaskExtras {
  timer: Subscription | undefined = undefined;
  context: ErrorContext | undefined = undefined;
  startedAt: number | undefined = undefined;
  constructor(readonly timeout: number | undefined) {}
}

/** @internal The work a running task does, as far as stopping it goes. */
interface Work {
  stop(): void;
}

class ObservableWork implements Work {
  subscription: Subscription | undefined = undefined;
  closed = false;
  constructor(private readonly _handle: TaskHandle<unknown>) {}
  next(value: unknown): void {
    if (!this.closed) this._handle._result = value;
  }
  error(error: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this._handle._fail(error);
  }
  complete(): void {
    if (this.closed) return;
    this.closed = true;
    this._handle._complete(this._handle._result);
  }
  stop(): void {
    if (this.closed) return;
    this.closed = true;
    this.subscription?.unsubscribe();
  }
}

/**
 * A promise a task returned. A promise cannot be stopped: when the task ends
 * before it settles (cancelled, timed out), it keeps the task's slot until it
 * does, because the slot guards a real resource, and `join()` waits for it.
 */
class PromiseWork implements Work {
  private _settled = false;
  private _abandoned = false;
  private _slot: TaskSlot | undefined = undefined;
  constructor(private readonly _handle: TaskHandle<unknown>) {}
  settle(ok: boolean, value: unknown): void {
    if (this._settled) return;
    this._settled = true;
    const handle = this._handle;
    if (this._abandoned) {
      const slot = this._slot;
      this._slot = undefined;
      slot?.release(handle);
      handle._tracker._workStopped();
    } else if (ok) {
      handle._complete(value);
    } else {
      handle._fail(value);
    }
  }
  stop(): void {
    if (this._settled || this._abandoned) return;
    this._abandoned = true;
    const handle = this._handle;
    this._slot = handle._slot;
    handle._slot = undefined;
    handle._tracker._workStarted();
  }
}

class ActionWork implements Work {
  subscription: Subscription | undefined = undefined;
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
    if (this.closed) return;
    this.closed = true;
    this._handle._actionFailed(actionError, this._error);
  }
  complete(): void {
    if (this.closed) return;
    this.closed = true;
    this._handle._applyAction(this._decision, this._error, this._context);
  }
  stop(): void {
    if (this.closed) return;
    this.closed = true;
    this.subscription?.unsubscribe();
  }
}

class DelayWait {
  subscription: Subscription | undefined = undefined;
  closed = false;
  constructor(private readonly _handle: TaskHandle<unknown>) {}
  next(): void {
    this.complete();
  }
  error(error: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this._handle._delayFailed(error);
  }
  complete(): void {
    if (this.closed) return;
    this.closed = true;
    this._handle._requeue();
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

function policyName(policy: object): string {
  return policy.constructor?.name || 'The error policy';
}

function describeValue(value: unknown): string {
  return value === null ? 'null' : typeof value === 'object' ? `an object (${value.constructor?.name ?? 'Object'})` : typeof value;
}

// `await` and `Promise.all` take a promise whose `constructor` is `Promise` as it
// is; any other constructor makes them wrap it in a new promise and a job. This
// also makes `then()` derive plain promises (its species is `Promise`), never
// TaskHandles, whose constructor is not an executor's.
Object.defineProperty(TaskHandle.prototype, 'constructor', { value: Promise, writable: true, configurable: true });
