import { Observable, type SchedulerLike } from 'rxjs';
import { isAbortError } from '../cancellation/isAbortError.js';
import { isTaskCancelledError } from '../errors/TaskCancelledError.js';
import { isTaskRejectedError } from '../errors/TaskRejectedError.js';
import { isTrackerClosedError } from '../errors/TrackerClosedError.js';
import { BACKOFF_OPTIONS, ExponentialBackoff, type ExponentialBackoffOptions } from './backoff/ExponentialBackoff.js';
import { checkFunction, checkInteger, checkScheduler, readOptions } from '../errors/checks.js';
import { ComposedPolicy } from './ComposedPolicy.js';
import { ErrorResponse } from '../protocol/ErrorResponse.js';
import { LogOnlyPolicy } from '../protocol/LogOnlyPolicy.js';
import { scheduleAfter } from '../time/scheduleAfter.js';
import type { OnErrorContext, OnErrorPolicy } from '../protocol/OnErrorPolicy.js';

/** Options of {@link RetryPolicy}; the backoff options are those of {@link ExponentialBackoff}. @category Policies */
export interface RetryPolicyOptions extends ExponentialBackoffOptions {
  /**
   * How many times a failed task may run again: the retries after its first
   * run, as in cockatiel and RxJS's `retry({ count })` (0: never retry; 2: up to
   * 3 runs in all). An integer >= 0, or `Infinity`.
   * @defaultValue `2`
   */
  readonly retries?: number;
  /**
   * Which errors are worth a retry. Errors it refuses go straight to `inner`.
   * @defaultValue {@link RetryPolicy.isRetryable}: all but cancellations and refusals
   */
  readonly retryIf?: (error: unknown, context: OnErrorContext) => boolean;
  /**
   * The policy asked when the policy does not retry (its retries used up, or
   * `retryIf` said no); its children, per-task state, continuations rules, gate
   * and hook are used as its own.
   * @defaultValue `new LogOnlyPolicy()`
   */
  readonly inner?: OnErrorPolicy;
  /**
   * The RxJS scheduler the backoff delays run on.
   * @defaultValue the tracker's clock
   */
  readonly scheduler?: SchedulerLike;
}

interface RetryState {
  /** Retries granted so far. */
  retries: number;
  /** The delay before the last retry (for decorrelated jitter). */
  delay: number | undefined;
}

/** The options {@link RetryPolicy} takes; an unknown one is refused. */
const RETRY_OPTIONS = ['retries', 'retryIf', 'inner', 'scheduler', ...BACKOFF_OPTIONS];

/**
 * Runs a failed task again, up to `retries` times after its first run, after an
 * exponential backoff; then lets `inner` (default {@link LogOnlyPolicy}) decide.
 * A retry is the same task (same id, same handle) run again from its factory:
 * one more attempt, not one more issued task (`metrics().retried()` counts them).
 *
 * The task gives its slot back while it waits, so other tasks run in the gap, and
 * queues for a slot again when the delay is over (behind the tasks already
 * waiting). A timeout (`TaskTimeoutError`) is retried like any other error, and
 * each run gets the whole timeout.
 *
 * ```text
 * retries 2, initialDelay 2, factor 2, jitter 'none'; each run fails after 1 frame:
 * run 1:  ^!
 * run 2:  ---^!            retried 2 frames after the failure
 * run 3:  --------^!       then 4 frames after
 * handle: ---------#       fails at frame 9, with the third error
 * ```
 *
 * Errors that `retryIf` refuses (by default cancellations: an `AbortError`, a
 * `TaskCancelledError`; and refusals: a `TaskRejectedError`, a
 * `TrackerClosedError`) are never retried. Continuations go through `inner`'s
 * rules. It is `composePolicies(<the retry>, inner)`, and combines as
 * {@link ComposedPolicy} says.
 *
 * Children (`createChild`) retry the same way, with `inner.createChild()`;
 * nothing is shared, the count of retries being per task.
 *
 * @example Retry a flaky request up to 3 times (4 runs in all): after 200, 400 then 800 ms, ±jitter
 * ```ts
 * const tracker = new TaskTracker({ concurrency: 4, errorPolicy: new RetryPolicy({ retries: 3, initialDelay: 200, jitter: 'full' }) });
 * const user = await tracker.spawn(({ signal }) => fetch('/api/user', { signal }).then((r) => r.json()));
 * ```
 * @category Policies
 */
export class RetryPolicy extends ComposedPolicy {
  /** The options in effect, defaults filled in (`scheduler` stays `undefined` when not given). */
  readonly options: Readonly<Required<Omit<RetryPolicyOptions, 'scheduler'>> & Pick<RetryPolicyOptions, 'scheduler'>>;

  /**
   * @throws TypeError if an option is unknown (`maxAttempts` of 0.1.x included:
   *   it is `retries` now, one less) or has the wrong type.
   * @throws RangeError if `retries` is not an integer >= 0 (or `Infinity`), or a backoff
   *   option is out of range (see {@link ExponentialBackoff}).
   */
  constructor(options?: RetryPolicyOptions) {
    const where = 'new RetryPolicy(options)';
    const o = readOptions(options, where, RETRY_OPTIONS, { maxAttempts: 'retries (retries = maxAttempts − 1)' });
    const retries = checkInteger(o.retries ?? 2, `${where}: retries`, 0, true);
    const retryIf = checkFunction(o.retryIf ?? RetryPolicy.isRetryable, `${where}: retryIf`);
    const inner = o.inner ?? new LogOnlyPolicy();
    const scheduler = o.scheduler === undefined ? undefined : checkScheduler(o.scheduler, `${where}: scheduler`);
    const backoff = new ExponentialBackoff(o, where, RETRY_OPTIONS);
    // The inner policy is checked by ComposedPolicy.
    super([new RetryStage(retries, retryIf, backoff, scheduler), inner]);
    this.options = Object.freeze({ ...backoff.options, retries, retryIf, inner, scheduler });
  }

  /**
   * The default `retryIf`: `false` for cancellations (an `AbortError`, a
   * `TaskCancelledError`) and refusals (a `TaskRejectedError`, a
   * `TrackerClosedError`), which a retry cannot mend; `true` for anything else,
   * timeouts included.
   *
   * @example Also never retry HTTP 4xx
   * ```ts
   * new RetryPolicy({ retryIf: (error) => RetryPolicy.isRetryable(error) && !(error instanceof HttpError && error.status < 500) });
   * ```
   */
  static isRetryable(this: void, error: unknown): boolean {
    return !(isAbortError(error) || isTaskCancelledError(error) || isTaskRejectedError(error) || isTrackerClosedError(error));
  }

  /** A retry policy with the same options and `inner.createChild()`. */
  override createChild(): RetryPolicy {
    return new RetryPolicy({ ...this.options, inner: this.options.inner.createChild() });
  }
}

/** The retry part of a RetryPolicy: retries while it may, else answers `fail` for `inner` to decide. */
class RetryStage implements OnErrorPolicy {
  constructor(
    private readonly _retries: number,
    private readonly _retryIf: (error: unknown, context: OnErrorContext) => boolean,
    private readonly _backoff: ExponentialBackoff,
    private readonly _scheduler: SchedulerLike | undefined,
  ) {}

  createChild(): OnErrorPolicy {
    return this;
  }

  createContext(): RetryState {
    return { retries: 0, delay: undefined };
  }

  onError(error: unknown, context: OnErrorContext): ErrorResponse {
    const state = context.state as RetryState;
    if (state.retries >= this._retries || !this._retryIf(error, context)) return ErrorResponse.fail();
    const delay = this._backoff.delay(state.retries + 1, state.delay);
    state.retries++;
    state.delay = delay;
    if (delay === 0) return ErrorResponse.retry();
    return ErrorResponse.retry({ delay: this._scheduler === undefined ? delay : after(delay, this._scheduler) });
  }
}

/** RxJS's `timer(delay, scheduler)`, for delays past a timer's 2^31 − 1 ms too. */
function after(delay: number, scheduler: SchedulerLike): Observable<0> {
  return new Observable<0>((subscriber) =>
    scheduleAfter(scheduler, delay, () => {
      subscriber.next(0);
      subscriber.complete();
    }),
  );
}
