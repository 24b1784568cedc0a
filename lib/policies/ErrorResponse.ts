import { got } from '../errors/describeValue.js';
import type { Observable, ObservableInput } from 'rxjs';
import type { TaskTracker } from '../tracker/TaskTracker.js';
import type { ActionResult } from './ActionResult.js';
import type { OnErrorContext } from './OnErrorPolicy.js';

/**
 * Work a policy runs to decide, perhaps asynchronously, what becomes of a failed
 * task. The task keeps its slot while the action runs; cancelling the task
 * unsubscribes from the action.
 *
 * @example Ask a health endpoint before deciding
 * ```ts
 * const checkHealth: OnErrorAction = {
 *   execute: (error, context) =>
 *     fetch('/health').then((r) => (r.ok ? ActionResult.fail() : ActionResult.shutdown())),
 * };
 * ```
 */
export interface OnErrorAction {
  /** Returns the decision, or a Promise or Observable of it (its last value counts). */
  execute(error: unknown, context: OnErrorContext): ActionResult | ObservableInput<ActionResult>;
}

/** Options of {@link ErrorResponse.retry}. */
export interface RetryResponseOptions {
  /**
   * How long to wait before the next attempt: milliseconds on the tracker's clock,
   * or an Observable whose first emission (or completion) ends the wait.
   * The task gives its slot back while it waits.
   * @defaultValue `0` (queue again at once, behind the tasks already waiting)
   */
  readonly delay?: number | Observable<unknown>;
}

/**
 * A policy's answer to a task's error.
 *
 * - {@link ErrorResponse.fail}: the task ends failed;
 * - {@link ErrorResponse.shutdown}: the task ends failed and the tracker it ran in
 *   is cancelled (with its descendants; never its parent);
 * - {@link ErrorResponse.retry}: the task runs again, after a delay, as the same
 *   task (same id, same handle): one more attempt, not a new issued task;
 * - {@link ErrorResponse.custom}: an {@link OnErrorAction} decides.
 *
 * @example
 * ```ts
 * onError(error, context) {
 *   return context.attemptCount < 3 ? ErrorResponse.retry({ delay: 1000 }) : ErrorResponse.fail();
 * }
 * ```
 */
export class ErrorResponse {
  private static readonly _fail = new ErrorResponse('fail', undefined, undefined, undefined);
  private static readonly _shutdown = new ErrorResponse('shutdown', undefined, undefined, undefined);
  private static readonly _retryNow = new ErrorResponse('retry', undefined, undefined, undefined);

  private constructor(
    /** Which answer. */
    readonly kind: 'fail' | 'shutdown' | 'retry' | 'custom',
    /** The action, for `custom`. */
    readonly action: OnErrorAction | undefined,
    /** The wait before the next attempt, for `retry`. */
    readonly delay: number | Observable<unknown> | undefined,
    /** The tracker to cancel, for `shutdown` (`undefined`: the task's own). */
    readonly target: TaskTracker | undefined,
  ) {}

  /** The task ends failed. */
  static fail(): ErrorResponse {
    return ErrorResponse._fail;
  }

  /**
   * The task ends failed, and the tracker it ran in is cancelled as by
   * `tracker.cancel()`, with the task's `TaskFailedError` as the reason.
   *
   * @param target Another tracker to cancel instead, typically an ancestor of the
   *   task's: the tracker a policy belongs to when the failure happened in one of
   *   its children (`context.tracker.parent`).
   */
  static shutdown(target?: TaskTracker): ErrorResponse {
    return target === undefined ? ErrorResponse._shutdown : new ErrorResponse('shutdown', undefined, undefined, target);
  }

  /**
   * The task runs again after `options.delay`, giving its slot back meanwhile.
   * @throws RangeError if `delay` is a negative or non-finite number.
   */
  static retry(options?: RetryResponseOptions): ErrorResponse {
    const delay = options?.delay;
    if (delay === undefined || delay === 0) return ErrorResponse._retryNow;
    if (typeof delay === 'number' && !(delay >= 0 && delay < Infinity)) {
      throw new RangeError(`ErrorResponse.retry(options): delay must be a finite number >= 0 (ms), got ${got(delay)}`);
    }
    return new ErrorResponse('retry', undefined, delay, undefined);
  }

  /**
   * `action.execute(error, context)` decides.
   * @throws TypeError if `action` has no `execute` method.
   */
  static custom(action: OnErrorAction): ErrorResponse {
    if (typeof action?.execute !== 'function') {
      throw new TypeError(`ErrorResponse.custom(action): expected an object with an execute(error, context) method, got ${got(action)}`);
    }
    return new ErrorResponse('custom', action, undefined, undefined);
  }
}
