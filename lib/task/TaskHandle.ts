import type { Observable } from 'rxjs';
import { CancellationToken, defaultCancelReason } from '../cancellation/CancellationToken.js';
import { isAbortError } from '../cancellation/isAbortError.js';
import { inspectAs, inspectKey } from '../errors/inspectAs.js';
import { TaskCancelledError } from '../errors/TaskCancelledError.js';
import { TaskRejectedError } from '../errors/TaskRejectedError.js';
import type { TaskSlot } from '../scheduling/TaskScheduler.js';
import type { TaskContext } from './TaskContext.js';
import { unfollowSignal } from './followSignal.js';
import { handleTaskError } from './handleTaskError.js';
import { isCancellableResult } from './brands.js';
import type { Rejection } from './Rejection.js';
import { mayRun } from './mayRun.js';
import { settle } from './settle.js';
import { extrasOf, TaskExtras } from './TaskExtras.js';
import { runOnce } from './runExecutable.js';
import { currentRun, IDLE, releaseSlot, stopWork, TaskRun } from './TaskRun.js';
import { deliverEnd, type TaskSink } from './taskStream.js';
import { armTimeout } from './taskTimeout.js';
import { clearTimers } from './taskTimers.js';
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
  moveTo,
} from './TaskState.js';
import type { TaskOwner } from './TaskOwner.js';
import { reportTeardownError } from './errorReports.js';

/** @internal What a task runs: an Observable, a function (given its context, or its token), or a continuation. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- given a TaskContext, or a CancellationToken (spawnCancellable)
export type Executable = Observable<unknown> | ((argument: any) => unknown) | ContinuationWork;

/**
 * @internal A continuation as the task module runs it: the protocol's `Continuation`
 * (given the task's token), or an operator's record (given the task's context).
 */
export interface ContinuationWork {
  execute(argument: CancellationToken | TaskContext): unknown;
}

let lastSeq = 0;

// A Promise subclass must be built through an executor; these carry its resolvers
// out of it without a closure per task.
let capturedResolve: ((value: unknown) => void) | undefined;
function captureResolvers(resolve: (value: unknown) => void): void {
  capturedResolve = resolve;
}

/**
 * The handle of one spawned task: await it for the task's value, cancel it, or
 * read its token.
 *
 * It is a real `Promise` (so `await` and `Promise.all` take it as it is: see
 * [Performance](../../docs/performance.md#what-makes-it-fast)): `await handle`
 * gives the task's value, or throws a {@link TaskError}: {@link TaskCancelledError},
 * {@link TaskFailedError} (its `cause` is the task's own error) or
 * {@link TaskRejectedError}. A handle settles exactly once, and a handle nobody
 * awaits never causes an unhandled rejection. `from(handle)` makes it an Observable.
 * @example
 * ```ts
 * const handle = tracker.spawn(({ signal }) => fetch('/api/user', { signal }).then((r) => r.json()));
 * handle.id;          // 'task-1'
 * handle.isFinished(); // false
 * const user = await handle;
 * ```
 * @category Tasks
 */
export class TaskHandle<T = unknown> extends Promise<T> implements TaskContext {
  // One object per task, and a million queued tasks are a million of these, so it has few fields: state and flags
  // share one, the work gives way to the outcome (as tokio's task `Stage` does), what only a running task needs is in
  // `_run`, what few tasks need in `_extras`. Only lib/task/ writes them (TaskState.ts draws the moves).
  /** @internal The tracker it belongs to, as its tasks see it. */ _owner: TaskOwner;
  /**
   * @internal The task's stage: while it lives (QUEUED, RUNNING, WAITING), the work it runs (an {@link Executable});
   * once it ended, its outcome (the value, or the TaskError its handle rejects with). The state says which.
   */
  _stage: unknown;
  /** @internal The state word: the state in the low 3 bits (TaskState.ts: read it with `stateOf`), the flags above. */
  _state: number;
  /** @internal Its number, for its id. */ _seq: number;
  /**
   * @internal Who is told the end, until it is: the function that settles the handle (only `resolve` is kept, a
   * rejection goes through it too: a second function per task would be a fifth of the memory a queued task holds),
   * or, for a streaming task (flag STREAM), the sink that hears every value and the end. A streaming task's handle
   * is never seen outside, so it never settles, and one field serves both: a third of what a queued `spawn$` task held.
   */
  _end: ((value: unknown) => void) | TaskSink | undefined;
  /** @internal Neighbours in the tracker's list of unfinished tasks. */
  _prev: TaskHandle<unknown> | undefined = undefined;
  /** @internal */ _next: TaskHandle<unknown> | undefined = undefined;
  /** @internal The run holding a slot, while the task runs. */
  _run: TaskRun | undefined = undefined;
  /** @internal What few tasks need (a token, a name, a timeout, timers…), made on first need. */ _extras: TaskExtras | undefined;

  /** @internal Use `tracker.spawn()`. */
  constructor(tracker: TaskOwner, exec: Executable, kind: number, timeout: number | undefined, sink: TaskSink | undefined) {
    super(captureResolvers as ConstructorParameters<typeof Promise<T>>[0]);
    this._end = sink ?? capturedResolve;
    // Else the last handle would live as long as the module.
    capturedResolve = undefined;
    this._owner = tracker;
    this._stage = exec;
    this._state = sink === undefined ? kind : kind | STREAM; // and QUEUED
    this._seq = ++lastSeq;
    this._extras = timeout === undefined ? undefined : new TaskExtras(timeout);
  }

  /** The task's unique id, e.g. `task-42`. */
  get id(): string {
    return `task-${this._seq}`;
  }

  /**
   * The name given by `spawn(task, { name })`, if any.
   * @since 0.2.0
   */
  get name(): string | undefined {
    return this._extras?.name;
  }

  /**
   * The priority it was spawned with (`spawn(task, { priority })`); `0` by default.
   * @since 0.2.0
   */
  get priority(): number {
    return this._extras?.priority ?? 0;
  }

  /** Where the task is: `queued`, `running`, `retrying` (waiting to run again), or how it ended. */
  get status(): TaskStatus {
    return STATUS[this._state & STATE];
  }

  /** Whether the task has ended (and its handle settled), whatever the outcome. */
  isFinished(): boolean {
    return (this._state & STATE) >= SUCCESS;
  }

  /**
   * The task's cancellation token: a child of its tracker's token. Cancelling it
   * cancels the task (as {@link TaskHandle.cancel} does). Its `signal` is what to
   * pass to `fetch`. Once the task has ended the token no longer follows the
   * tracker: it stays as the task left it.
   * @example
   * ```ts
   * handle.cancellationToken().cancelled$.subscribe(() => console.log('cancelled'));
   * ```
   */
  cancellationToken(): CancellationToken {
    const extras = extrasOf(this);
    let token = extras.token;
    if (token === undefined) {
      token = extras.token = CancellationToken._owned(this._owner._token, this);
      const state = this._state & STATE;
      if (state >= SUCCESS) {
        token._release();
        if (state === CANCELLED) token.cancel((this._stage as TaskCancelledError).reason);
      }
    }
    return token;
  }

  /**
   * The task's `AbortSignal` (its token's): aborts, with the reason, when the
   * task is cancelled or times out. Made on first read. The handle is the
   * {@link TaskContext} its task function is given.
   * @example
   * ```ts
   * tracker.spawn(({ signal }) => fetch(url, { signal }));
   * ```
   * @since 0.2.0
   */
  get signal(): AbortSignal {
    return this.cancellationToken().signal;
  }

  /**
   * The task's cancellation token, as {@link TaskHandle.cancellationToken}; made on first read.
   * @example
   * ```ts
   * tracker.spawn(async ({ token }) => {
   *   for (const page of pages) if (!token.isCancelled()) await load(page);
   * });
   * ```
   * @since 0.2.0
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
   * @returns `true` if this call cancelled the task, `false` if it had already ended.
   * @example
   * ```ts
   * cancelButton.onclick = () => handle.cancel('user clicked cancel');
   * ```
   */
  cancel(reason?: unknown): boolean {
    if (this.isFinished()) return false;
    const why = reason === undefined ? defaultCancelReason() : reason;
    const token = this._extras?.token;
    if (token !== undefined) {
      let cancelled: boolean;
      try {
        cancelled = token.cancel(why);
      } catch (error) {
        // A listener of the task's token threw: the token told everyone else regardless.
        reportTeardownError(this._owner._handlers, error, this);
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
    return (this._state & STATE) !== QUEUED || this._owner._ledger._cancelled;
  }

  /** @internal ScheduledTask: its tracker or an ancestor is paused, so a start would only hand the slot back. */
  isHeld(): boolean {
    return (this._state & STATE) === QUEUED && this._owner.isPaused(); // isPaused() is one comparison while nothing in the tree is paused
  }

  /** @internal ScheduledTask: runs the task in `slot`. */
  start(slot: TaskSlot): void {
    if ((this._state & STATE) !== QUEUED) {
      slot.release(this);
      return;
    }
    const tracker = this._owner;
    const ledger = tracker._ledger;
    // Its tracker or an ancestor is paused: hand the slot on and wait for resume().
    if (ledger._root._paused > 0 && !ledger._cancelled && tracker._park(this)) {
      slot.release(this);
      return;
    }
    this._run = TaskRun.take(this, slot);
    if (ledger._cancelled) {
      this._cancel(tracker._token.reason, ledger._cancelRejection());
      return;
    }
    // Rare: an admission gate, or a stream (whose consumer may be being torn down).
    if ((tracker._admit || (this._state & STREAM) !== 0) && !mayRun(this)) return;
    const first = (this._state & STARTED) === 0;
    this._state = (this._state & ~STATE) | RUNNING | STARTED;
    ledger._taskStarted(this, first);
    runOnce(this);
    // After subscribing, as RxJS's `timeout` does: an end that falls on the
    // timeout's frame was scheduled first, and wins. (The check spares most tasks a call.)
    if (this._extras !== undefined || tracker._timeout !== undefined) armTimeout(this);
  }

  /** @internal ScheduledTask: the scheduler refuses the task. */
  reject(reason: string): void {
    if ((this._state & STATE) === QUEUED) this._finish(REJECTED, new TaskRejectedError(this, reason));
  }

  /** @internal The token was cancelled (directly or by an ancestor): cancel the task. */
  _onTokenCancelled(reason: unknown): void {
    this._cancel(reason);
  }

  /**
   * @internal Ends the task cancelled, rejecting its handle with `shared` (its
   * tracker's, when the tracker was cancelled) or an error of its own.
   */
  _cancel(reason: unknown, shared?: Rejection): void {
    const state = this._state & STATE;
    if (state >= SUCCESS) return;
    moveTo(this, CANCELLED);
    this._stage = shared !== undefined ? shared.error : new TaskCancelledError(this, reason);
    const tracker = this._owner;
    // A queued task not being started sits in its scheduler's queue: let it drop it.
    if (state === QUEUED && this._run === undefined) tracker._scheduler.forget?.(this);
    clearTimers(this);
    if (this._extras?.signal !== undefined) unfollowSignal(this);
    // Before the outcome is recorded: an abandoned promise must count as work first.
    stopWork(this);
    tracker._ledger._taskEnded(this, CANCELLED, state === RUNNING);
    settle(this, shared);
    const token = this._extras?.token;
    if (token !== undefined) {
      try {
        token.cancel(reason);
      } catch (error) {
        reportTeardownError(tracker._handlers, error, this);
      }
      token._release();
    }
    releaseSlot(this);
    if ((this._state & STREAM) !== 0) deliverEnd(this);
  }

  /**
   * @internal Ends the task with `outcome` (not cancellation), then gives back its
   * slot; `shutdown` is the tracker an error policy asked to cancel.
   */
  _finish(outcome: number, result: unknown, shutdown?: TaskOwner): void {
    const state = this._state & STATE;
    if (state >= SUCCESS) return;
    this._state = (this._state & ~STATE) | outcome;
    this._stage = result;
    const tracker = this._owner;
    const extras = this._extras;
    if (extras !== undefined) {
      clearTimers(this);
      if (extras.signal !== undefined) unfollowSignal(this);
    }
    // A run that ended by itself (the common case) has no work left to stop.
    const run = this._run;
    if (run !== undefined && (run.mode !== IDLE || run.subscription !== undefined)) stopWork(this);
    tracker._ledger._taskEnded(this, outcome, state === RUNNING);
    settle(this);
    extras?.token?._release();
    // A shutdown cancels the tracker before the slot is free, so none of the
    // tracker's queued tasks can take the slot only to be cancelled.
    if (shutdown !== undefined) shutdown.cancel(result);
    // releaseSlot(), for a task that ended (its duration was told): one call fewer per task.
    const ended = this._run;
    if (ended !== undefined) {
      this._run = undefined;
      ended.free();
    }
    if ((this._state & STREAM) !== 0) deliverEnd(this);
  }

  /**
   * @internal The current work ended with a value; `streamed` when it was an
   * Observable's last, which a streaming task's sink has seen.
   */
  _complete(value: unknown, streamed: boolean): void {
    if ((this._state & STATE) !== RUNNING) return;
    // Only an object can be a CancellableTaskResult: most values skip the call.
    const result = typeof value === 'object' && value !== null && isCancellableResult(value) ? value : undefined;
    if (!streamed || result !== undefined) this._state |= SEND_VALUE;
    else this._state &= ~SEND_VALUE;
    if (result !== undefined) {
      if (result.kind === 'cancelled') {
        this._cancel(this._extras?.token?.reason ?? new DOMException('The task reported that it was cancelled.', 'AbortError'));
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
    if ((this._state & STREAM) === 0 && value !== null && (typeof value === 'object' || typeof value === 'function') && currentRun(this)._awaits(value)) return;
    this._finish(SUCCESS, value);
  }

  /** @internal The current work ended with an error. */
  _fail(error: unknown): void {
    if ((this._state & STATE) !== RUNNING) return;
    const token = this._extras?.token;
    // A task that stops because its token fired ends cancelled, not failed.
    if (token !== undefined && token.isCancelled() && (error === token.reason || isAbortError(error))) {
      this._cancel(token.reason);
      return;
    }
    handleTaskError(this, error);
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
