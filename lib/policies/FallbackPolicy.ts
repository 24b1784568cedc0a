import { of, type ObservableInput } from 'rxjs';
import { ActionResult } from '../protocol/ActionResult.js';
import { ErrorResponse, type OnErrorAction } from '../protocol/ErrorResponse.js';
import type { OnErrorContext, OnErrorPolicy } from '../protocol/OnErrorPolicy.js';

/**
 * What a {@link FallbackPolicy} answers a failure with: a value, or a function of the error. @category Policies
 * @since 0.2.0
 */
export type Fallback<T = unknown> = ((error: unknown, context: OnErrorContext) => ObservableInput<T> | T) | T;

/**
 * A task that fails for good succeeds with a fallback instead (cockatiel's
 * `fallback`): a fixed value, or `fn(error, context)`, which may return a value
 * or an `ObservableInput` (a Promise, an Observable…) read as a task's result
 * is. The fallback runs in the task's slot, as a continuation of the same task:
 * the handle resolves with it and the task counts as `success`.
 *
 * Put it after a {@link RetryPolicy} with {@link composePolicies}, or as the
 * retry's `inner` policy (the same thing, without the retry's default
 * `LogOnlyPolicy` logging a failure the fallback then rescues), so it only sees
 * the errors the retries gave up on. If the fallback itself fails, the task
 * fails with that error (it is not asked twice).
 *
 * A function value must be wrapped (`() => fn`), since a function is called.
 *
 * ```text
 * composePolicies(new RetryPolicy({ retries: 1, initialDelay: 1 }), new FallbackPolicy('cached'))
 * run 1:  ^!
 * run 2:  --^!
 * handle: ---(cached|)   succeeds with the fallback at the second failure
 * ```
 *
 * @example Serve the cached copy when the backend stays down
 * ```ts
 * const policy = new RetryPolicy({
 *   retries: 2,
 *   initialDelay: 200,
 *   inner: new FallbackPolicy(() => cache.get('report') ?? 'no report yet'),
 * });
 * ```
 * @since 0.2.0
 * @category Policies
 */
export class FallbackPolicy implements OnErrorPolicy {
  private readonly _action: OnErrorAction;

  /**
   * @param fallback The value, or a function `(error, context) => value | ObservableInput`
   *   (typed by the first overload, so its parameters need no annotations).
   */
  constructor(fallback: (error: unknown, context: OnErrorContext) => unknown);
  constructor(fallback: Fallback);
  constructor(fallback: Fallback) {
    this._action = {
      execute: (error, context) =>
        ActionResult.continue({
          execute: typeof fallback === 'function' ? () => (fallback as (e: unknown, c: OnErrorContext) => unknown)(error, context) : () => of(fallback),
        }),
    };
  }

  /** The same policy: it keeps no state but the task's own. */
  createChild(): OnErrorPolicy {
    return this;
  }

  /** Per task: whether its fallback already ran. */
  createContext(): {
    /** Whether this task already fell back once (a fallback that fails is final). */
    fellBack: boolean;
  } {
    return { fellBack: false };
  }

  /** Falls back once per task; a failing fallback fails the task. */
  onError(_error: unknown, context: OnErrorContext): ErrorResponse {
    const state = (context.state ??= this.createContext()) as { fellBack: boolean };
    if (state.fellBack) return ErrorResponse.fail();
    state.fellBack = true;
    return ErrorResponse.custom(this._action);
  }
}
