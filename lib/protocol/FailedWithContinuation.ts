import type { ObservableInput } from 'rxjs';
import type { CancellationToken } from '../cancellation/CancellationToken.js';
import { checkFunction } from '../errors/checks.js';
import { describe, got } from '../errors/describeValue.js';
import type { CancellableTaskResult } from '../task/CancellableTaskResult.js';
import type { TaskHandle } from '../task/TaskHandle.js';
import { FAILED_WITH_CONTINUATION } from '../task/brands.js';
import { continueTask } from '../task/continueTask.js';
import type { Continuation } from './Continuation.js';

/**
 * An error that says how to go on: a task that throws (or rejects, or errors
 * with) one is continued with its {@link FailedWithContinuation.continuation} as
 * the same task, without its policy's `onError` being called, when the policy's
 * `allowContinuation` allows it (the default). The continuation may itself throw
 * another one. When continuations are not allowed it is an ordinary error.
 *
 * @example Fall back to a mirror when the primary host fails
 * ```ts
 * tracker.spawn(async () => {
 *   try {
 *     return await get(primary);
 *   } catch (error) {
 *     throw FailedWithContinuation.fromFn(error, () => get(mirror));
 *   }
 * });
 * ```
 * @category Policies
 */
export class FailedWithContinuation extends Error {
  /** What to run instead. */
  readonly continuation: Continuation;
  /** The error that made the task fail. */
  declare readonly cause: unknown;

  /** @internal How the tracker recognises one (see brands.ts). */
  get _brand(): string {
    return FAILED_WITH_CONTINUATION;
  }

  /** @internal Continues `handle` with {@link FailedWithContinuation.continuation} (so only apps that make one ship that code). */
  _continue(handle: TaskHandle<unknown>, reschedule: boolean): void {
    continueTask(handle, this.continuation, reschedule);
  }

  /**
   * @param source The error that made the task fail (its `cause`).
   * @param continuation What to run in its place.
   * @throws TypeError if `continuation` has no `execute` method.
   */
  constructor(source: unknown, continuation: Continuation) {
    super(`Task failed with continuation: ${describe(source)}`, { cause: source });
    if (typeof continuation?.execute !== 'function') {
      throw new TypeError(
        'new FailedWithContinuation(source, continuation): continuation must have an execute(token) method, ' +
          `got ${got(continuation)}. Use FailedWithContinuation.fromFn(source, fn) for a plain function.`,
      );
    }
    this.name = 'FailedWithContinuation';
    this.continuation = continuation;
  }

  /**
   * Continues with `fn()`, which returns a value or an `ObservableInput` of one.
   * @throws TypeError if `fn` is not a function.
   */
  static fromFn(source: unknown, fn: () => ObservableInput<unknown> | unknown): FailedWithContinuation {
    checkFunction(fn, 'FailedWithContinuation.fromFn(source, fn): fn');
    return new FailedWithContinuation(source, { execute: () => fn() });
  }

  /**
   * Continues with `fn(token)`, where `token` is the task's cancellation token;
   * `fn` may return a {@link CancellableTaskResult}.
   * @throws TypeError if `fn` is not a function.
   */
  static fromCancellable(
    source: unknown,
    fn: (token: CancellationToken) => ObservableInput<unknown> | CancellableTaskResult<unknown> | unknown,
  ): FailedWithContinuation {
    checkFunction(fn, 'FailedWithContinuation.fromCancellable(source, fn): fn');
    return new FailedWithContinuation(source, { execute: fn });
  }
}

