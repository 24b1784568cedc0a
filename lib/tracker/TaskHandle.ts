import type { Observable } from 'rxjs';
import { CancellationToken, defaultCancelReason } from '../cancellation/CancellationToken.js';
import { isAbortError } from '../cancellation/isAbortError.js';
import { inspectAs, inspectKey } from '../errors/inspectAs.js';
import { TaskCancelledError } from '../errors/TaskCancelledError.js';
import { TaskRejectedError } from '../errors/TaskRejectedError.js';
import type { Continuation } from '../policies/Continuation.js';
import type { TaskSlot } from '../scheduling/TaskScheduler.js';
import { ErrorContext } from './ErrorContext.js';
import type { TaskContext } from './TaskContext.js';
import { unfollowSignal } from './followSignal.js';
import { parkIfPaused } from './pauseTracker.js';
import { handleTaskError } from './handleTaskError.js';
import { isCancellableResult } from './brands.js';
import { Rejection } from './Rejection.js';
import { TaskExtras } from './TaskExtras.js';
import { runOnce } from './runExecutable.js';
import { keepStart } from './taskAttempts.js';
import { IDLE, TaskRun } from './TaskRun.js';
import { deliverEnd, isTornDown, unsubscribeTask, type TaskSink } from './taskStream.js';
import { armTimeout, clearTimer } from './taskTimeout.js';
import {
  CANCELLED,
  QUEUED,
  REJECTED,
  RUNNING,
  SEND_VALUE,
  STARTED,
  STATE,
  STATUS,
  STREAM,
  SUCCESS,
  type TaskStatus,
} from './taskStates.js';
import type { TaskTracker } from './TaskTracker.js';

/** @internal What a task runs: an Observable, a function (given its context, or its token), or a continuation. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- given a TaskContext, or a CancellationToken (spawnCancellable)
export type Executable = Observable<unknown> | ((argument: any) => unknown) | Continuation;

let lastSeq = 0;

// A Promise subclass must be built through an executor; these carry its resolvers
// out of it without a closure per task.
let capturedResolve: ((value: unknown) => void) | undefined;
function captureResolvers(resolve: (value: unknown) => void): void {
  capturedResolve = resolve;
}
const nativeThen = Promise.prototype.then;
function ignore(): void {}

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
 * @category Tasks
 */
export class TaskHandle<T = unknown> extends Promise<T> implements TaskContext {
  // One object per task, and a million queued tasks are a million of these, so it
  // has few fields: state and flags share one, the executable gives way to the
  // result, what only a running task needs is in `_run`, what few tasks need in `_x`.
  /** @internal */ _tracker: TaskTracker;
  /** @internal What the task runs while it lives; its value (or TaskError) once it ended. */
  _payload: unknown;
  /** @internal The state (low 3 bits) and flags. */
  _bits: number;
  /** @internal */ _seq: number;
  /**
   * @internal Who is told the end, until it is: the function that settles the
   * handle (only `resolve` is kept, a rejection goes through it too: a second
   * function per task would be a fifth of the memory a queued task holds), or,
   * for a streaming task (flag STREAM), the sink that hears every value and the
   * end. A streaming task's handle is never seen outside, so it never settles,
   * and one field serves both: a third of what a queued `spawn$` task held.
   */
  _end: ((value: unknown) => void) | TaskSink | undefined;
  /** @internal Neighbours in the tracker's list of unfinished tasks. */
  _prev: TaskHandle<unknown> | undefined = undefined;
  /** @internal */ _next: TaskHandle<unknown> | undefined = undefined;
  /** @internal The run holding a slot, while the task runs. */
  _run: TaskRun | undefined = undefined;
  /** @internal */ _x: TaskExtras | undefined;

  /** @internal Use `tracker.spawn()`. */
  constructor(tracker: TaskTracker, exec: Executable, kind: number, timeout: number | undefined, sink: TaskSink | undefined) {
    super(captureResolvers as ConstructorParameters<typeof Promise<T>>[0]);
    this._end = sink ?? capturedResolve;
    // Else the last handle would live as long as the module.
    capturedResolve = undefined;
    this._tracker = tracker;
    this._payload = exec;
    this._bits = sink === undefined ? kind : kind | STREAM; // and QUEUED
    this._seq = ++lastSeq;
    this._x = timeout === undefined ? undefined : new TaskExtras(timeout);
  }

  /** The task's unique id, e.g. `task-42`. */
  get id(): string {
    return `task-${this._seq}`;
  }

  /** The name given by `spawn(task, { name })`, if any. */
  get name(): string | undefined {
    return this._x?.name;
  }

  /** The priority it was spawned with (`spawn(task, { priority })`); `0` by default. */
  get priority(): number {
    return this._x?.priority ?? 0;
  }

  /** Where the task is: `queued`, `running`, `retrying` (waiting to run again), or how it ended. */
  get status(): TaskStatus {
    return STATUS[this._bits & STATE];
  }

  /** Whether the task has ended (and its handle settled), whatever the outcome. */
  isFinished(): boolean {
    return (this._bits & STATE) >= SUCCESS;
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
    const extras = this._extras();
    let token = extras.token;
    if (token === undefined) {
      token = extras.token = CancellationToken._owned(this._tracker._token, this);
      const state = this._bits & STATE;
      if (state >= SUCCESS) {
        token._release();
        if (state === CANCELLED) token.cancel((this._payload as TaskCancelledError).reason);
      }
    }
    return token;
  }

  /**
   * The task's `AbortSignal` (its token's): aborts, with the reason, when the
   * task is cancelled or times out. Made on first read. The handle is the
   * {@link TaskContext} its task function is given.
   *
   * @example
   * ```ts
   * tracker.spawn(({ signal }) => fetch(url, { signal }));
   * ```
   */
  get signal(): AbortSignal {
    return this.cancellationToken().signal;
  }

  /**
   * The task's cancellation token, as {@link TaskHandle.cancellationToken}; made on first read.
   *
   * @example
   * ```ts
   * tracker.spawn(async ({ token }) => {
   *   for (const page of pages) if (!token.isCancelled()) await load(page);
   * });
   * ```
   */
  get token(): CancellationToken {
    return this.cancellationToken();
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
    if (this.isFinished()) return false;
    const why = reason === undefined ? defaultCancelReason() : reason;
    const token = this._x?.token;
    if (token !== undefined) {
      let cancelled: boolean;
      try {
        cancelled = token.cancel(why);
      } catch (error) {
        // A listener of the task's token threw: the token told everyone else regardless.
        this._tracker._reportTeardownError(error, this);
        cancelled = true;
      }
      if (cancelled) return true;
    }
    if (this.isFinished()) return false;
    this._cancel(why);
    return true;
  }

  /** @internal What `console.log` and `util.inspect` show in Node: `TaskHandle { id, name, status }`. */
  [inspectKey](): object {
    return inspectAs('TaskHandle', { id: this.id, name: this.name, status: this.status });
  }

  /** @internal ScheduledTask: true once the task no longer wants a slot. */
  isCancelled(): boolean {
    return (this._bits & STATE) !== QUEUED || this._tracker._ledger._cancelled;
  }

  /** @internal ScheduledTask: runs the task in `slot`. */
  start(slot: TaskSlot): void {
    if ((this._bits & STATE) !== QUEUED) {
      slot.release(this);
      return;
    }
    const tracker = this._tracker;
    const ledger = tracker._ledger;
    // Its tracker or an ancestor is paused: hand the slot on and wait for resume().
    if (ledger._root._paused > 0 && !ledger._cancelled && parkIfPaused(this)) {
      slot.release(this);
      return;
    }
    this._run = TaskRun.take(this, slot);
    if (ledger._cancelled) {
      this._cancel(tracker._token.reason, tracker._cancelRejection());
      return;
    }
    // Rare: an admission gate, or a stream (whose consumer may be being torn down).
    if ((tracker._admit || (this._bits & STREAM) !== 0) && !this._mayRun()) return;
    const first = (this._bits & STARTED) === 0;
    this._bits = (this._bits & ~STATE) | RUNNING | STARTED;
    ledger._taskStarted(this, first);
    runOnce(this);
    // After subscribing, as RxJS's `timeout` does: an end that falls on the
    // timeout's frame was scheduled first, and wins. (The check spares most tasks a call.)
    if (this._x !== undefined || tracker._timeout !== undefined) armTimeout(this);
  }

  /**
   * @internal Whether a task given a slot may run; if not, it has ended. A
   * teardown never starts queued work: a stream whose consumer is being torn
   * down is cancelled, as its own teardown would a moment later. An admission
   * gate may refuse the task.
   */
  private _mayRun(): boolean {
    if ((this._bits & STREAM) !== 0 && isTornDown(this)) {
      unsubscribeTask(this);
      return false;
    }
    const tracker = this._tracker;
    if (tracker._admit) {
      const verdict = tracker._askAdmission(this);
      if (verdict !== true) {
        this._finish(REJECTED, new TaskRejectedError(this, verdict), undefined);
        return false;
      }
    }
    return true;
  }

  /** @internal ScheduledTask: the scheduler refuses the task. */
  reject(reason: string): void {
    if ((this._bits & STATE) === QUEUED) this._finish(REJECTED, new TaskRejectedError(this, reason), undefined);
  }

  /** @internal The token was cancelled (directly or by an ancestor): cancel the task. */
  _onTokenCancelled(reason: unknown): void {
    this._cancel(reason);
  }

  /** @internal */
  get _state(): number {
    return this._bits & STATE;
  }

  /** @internal */
  _setState(state: number): void {
    this._bits = (this._bits & ~STATE) | state;
  }

  /** @internal The extras, made on first need. */
  _extras(): TaskExtras {
    return (this._x ??= new TaskExtras(undefined));
  }

  /** @internal The task's one error context, made at its first error. */
  _context(): ErrorContext {
    const extras = this._extras();
    return (extras.context ??= new ErrorContext(this));
  }

  /**
   * @internal Ends the task cancelled, rejecting its handle with `shared` (its
   * tracker's, when the tracker was cancelled) or an error of its own.
   */
  _cancel(reason: unknown, shared?: Rejection): void {
    const state = this._bits & STATE;
    if (state >= SUCCESS) return;
    this._setState(CANCELLED);
    this._payload = shared !== undefined ? shared.error : new TaskCancelledError(this, reason);
    const tracker = this._tracker;
    // A queued task not being started sits in its scheduler's queue: let it drop it.
    if (state === QUEUED && this._run === undefined) tracker._scheduler.forget?.(this);
    clearTimer(this);
    if (this._x?.signal !== undefined) unfollowSignal(this);
    // Before the outcome is recorded: an abandoned promise must count as work first.
    this._stopWork();
    tracker._ledger._taskEnded(this, CANCELLED, state === RUNNING);
    this._settle(shared);
    const token = this._x?.token;
    if (token !== undefined) {
      try {
        token.cancel(reason);
      } catch (error) {
        tracker._reportTeardownError(error, this);
      }
      token._release();
    }
    this._releaseSlot();
    if ((this._bits & STREAM) !== 0) deliverEnd(this);
  }

  /**
   * @internal Ends the task with `outcome` (not cancellation), then gives back its
   * slot; `shutdown` is the tracker an error policy asked to cancel.
   */
  _finish(outcome: number, result: unknown, shutdown: TaskTracker | undefined): void {
    const state = this._bits & STATE;
    if (state >= SUCCESS) return;
    this._bits = (this._bits & ~STATE) | outcome;
    this._payload = result;
    const tracker = this._tracker;
    const extras = this._x;
    if (extras !== undefined) {
      clearTimer(this);
      if (extras.signal !== undefined) unfollowSignal(this);
    }
    // A run that ended by itself (the common case) has no work left to stop.
    const run = this._run;
    if (run !== undefined && (run.mode !== IDLE || run.subscription !== undefined)) this._stopWork();
    tracker._ledger._taskEnded(this, outcome, state === RUNNING);
    this._settle();
    extras?.token?._release();
    // A shutdown cancels the tracker before the slot is free, so none of the
    // tracker's queued tasks can take the slot only to be cancelled.
    if (shutdown !== undefined) shutdown.cancel(result);
    // _releaseSlot(), for a task that ended (its duration was told): one call fewer per task.
    const ended = this._run;
    if (ended !== undefined) {
      this._run = undefined;
      ended.free();
    }
    if ((this._bits & STREAM) !== 0) deliverEnd(this);
  }

  /**
   * @internal The current work ended with a value; `streamed` when it was an
   * Observable's last, which a streaming task's sink has seen.
   */
  _complete(value: unknown, streamed: boolean): void {
    if ((this._bits & STATE) !== RUNNING) return;
    // Only an object can be a CancellableTaskResult: most values skip the call.
    const result = typeof value === 'object' && value !== null && isCancellableResult(value) ? value : undefined;
    if (!streamed || result !== undefined) this._bits |= SEND_VALUE;
    else this._bits &= ~SEND_VALUE;
    if (result !== undefined) {
      if (result.kind === 'cancelled') {
        this._cancel(this._x?.token?.reason ?? new DOMException('The task reported that it was cancelled.', 'AbortError'));
        return;
      }
      if (result.kind === 'err') {
        handleTaskError(this, result.error);
        return;
      }
      value = result.value;
    }
    // The handle's promise would read the value's `then`, which may throw: the run reads it,
    // once (a streaming task's sink takes any value as it is).
    if ((this._bits & STREAM) === 0 && value !== null && (typeof value === 'object' || typeof value === 'function') && this._currentRun()._awaits(value)) return;
    this._finish(SUCCESS, value, undefined);
  }

  /** @internal The current work ended with an error. */
  _fail(error: unknown): void {
    if ((this._bits & STATE) !== RUNNING) return;
    const token = this._x?.token;
    // A task that stops because its token fired ends cancelled, not failed.
    if (token !== undefined && token.isCancelled() && (error === token.reason || isAbortError(error))) {
      this._cancel(token.reason);
      return;
    }
    handleTaskError(this, error);
  }

  /** @internal The run in progress; a fresh one without a slot if an abandoned promise kept it. */
  _currentRun(): TaskRun {
    return (this._run ??= TaskRun.take(this, undefined));
  }

  /** @internal Stops the current work; a pending promise keeps its slot until it settles. */
  _stopWork(): void {
    const run = this._run;
    if (run !== undefined && run.stop()) {
      keepStart(this, run);
      this._run = undefined;
    }
  }

  /** @internal Gives the slot back (if the task still holds one). */
  _releaseSlot(): void {
    const run = this._run;
    if (run !== undefined) {
      // A task that ended has told its duration already; one that pauses (a retry) will need it.
      if ((this._bits & STATE) < SUCCESS) keepStart(this, run);
      this._run = undefined;
      run.free();
    }
  }

  /** Settles the handle; `rejection`, when given, is one shared by many handles. */
  private _settle(rejection?: Rejection): void {
    if ((this._bits & STREAM) !== 0) return;
    const resolve = this._end as (value: unknown) => void;
    this._end = undefined;
    if ((this._bits & STATE) === SUCCESS) {
      resolve(this._payload);
    } else {
      // Nobody may be listening: a handler attached before the rejection keeps an
      // ignored handle from ever reporting an unhandled rejection (and spares the
      // runtime's unhandled-rejection bookkeeping). Awaiting it still throws.
      nativeThen.call(this, undefined, ignore);
      resolve(rejection ?? new Rejection(this._payload));
    }
  }
}

// `await` and `Promise.all` take a promise whose `constructor` is `Promise` as it
// is; any other constructor makes them wrap it in a new promise and a job. This
// also makes `then()` derive plain promises (its species is `Promise`), never
// TaskHandles, whose constructor is not an executor's.
// With that constructor, V8 names the class in stack frames by `Symbol.toStringTag`,
// which Promise's says is `Promise`: `at TaskHandle.start`, not `at Promise.start`.
Object.defineProperties(TaskHandle.prototype, {
  constructor: { value: Promise, writable: true, configurable: true },
  [Symbol.toStringTag]: { value: 'TaskHandle', configurable: true },
});
