import { got } from '../errors/describeValue.js';
import type { Observable, ObservableInput } from 'rxjs';
import { checkDuration, readOptions } from '../errors/checks.js';
import type { ErrorContext } from '../task/ErrorContext.js';
import type { TaskHandle } from '../task/TaskHandle.js';
import type { TaskTracker } from '../tracker/TaskTracker.js';
import { isErrorResponse } from '../task/brands.js';
import { pause } from '../task/pauseTask.js';
import { runErrorAction } from '../task/runErrorAction.js';
import { FAIL_RESPONSE, PolicyAnswer, shutdownResponse } from './PolicyAnswer.js';
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
 * @category Policies
 */
export interface OnErrorAction {
  /** Returns the decision, or a Promise or Observable of it (its last value counts). */
  execute(error: unknown, context: OnErrorContext): ActionResult | ObservableInput<ActionResult>;
}

/** Options of {@link ErrorResponse.retry}. @category Policies */
export interface RetryResponseOptions {
  /**
   * How long to wait before the next attempt: milliseconds on the tracker's clock
   * (up to `Number.MAX_SAFE_INTEGER`), or an Observable whose first emission (or
   * completion) ends the wait.
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
 * @category Policies
 */
export class ErrorResponse {
  // Never constructed: every answer is a PolicyAnswer, recognised by its brand, so
  // that an app whose policies only fail or shut down (they import FAIL_RESPONSE and
  // shutdownResponse from PolicyAnswer.ts) ships neither this class's other
  // factories nor the handling of retries and custom actions they bring along.

  /** Which answer. */
  declare readonly kind: 'fail' | 'shutdown' | 'retry' | 'custom';
  /** The action, for `custom`. */
  declare readonly action: OnErrorAction | undefined;
  /** The wait before the next attempt, for `retry`. */
  declare readonly delay: number | Observable<unknown> | undefined;
  /** The tracker to cancel, for `shutdown` (`undefined`: the task's own). */
  declare readonly target: TaskTracker | undefined;

  private constructor() {}

  /** Whether `value` is an answer made by this class's factories (by any copy of the library). */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isErrorResponse(value);
  }

  /** The task ends failed. */
  static fail(): ErrorResponse {
    return FAIL_RESPONSE;
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
    return shutdownResponse(target);
  }

  /**
   * The task runs again after `options.delay`, giving its slot back meanwhile.
   * @throws TypeError if an option is unknown.
   * @throws RangeError if `delay` is a negative number, or more than
   *   `Number.MAX_SAFE_INTEGER` ms (Infinity and NaN included).
   */
  static retry(options?: RetryResponseOptions): ErrorResponse {
    const { delay } = readOptions(options, 'ErrorResponse.retry(options)', ['delay']);
    if (delay === undefined || delay === 0) return RETRY_NOW;
    if (typeof delay === 'number') checkDuration(delay, 'ErrorResponse.retry(options): delay', false);
    return new PolicyAnswer({ kind: 'retry', delay, step: retryStep });
  }

  /**
   * `action.execute(error, context)` decides.
   * @throws TypeError if `action` has no `execute` method.
   */
  static custom(action: OnErrorAction): ErrorResponse {
    if (typeof action?.execute !== 'function') {
      throw new TypeError(`ErrorResponse.custom(action): expected an object with an execute(error, context) method, got ${got(action)}`);
    }
    return new PolicyAnswer({ kind: 'custom', action, step: customStep });
  }
}

function retryStep(answer: PolicyAnswer, handle: TaskHandle<unknown>, error: unknown): void {
  pause(handle, { cause: 'retry', error, delay: answer.delay });
}

function customStep(answer: PolicyAnswer, handle: TaskHandle<unknown>, error: unknown, context: ErrorContext): void {
  runErrorAction(handle, answer.action!, error, context);
}

const RETRY_NOW = new PolicyAnswer({ kind: 'retry', step: retryStep });
