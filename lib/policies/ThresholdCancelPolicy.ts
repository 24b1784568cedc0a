import { checkInteger } from '../errors/checks.js';
import { ownerOf } from './common/ownerOf.js';
import type { ErrorResponse } from '../protocol/ErrorResponse.js';
import { FAIL_RESPONSE, shutdownResponse } from '../protocol/PolicyAnswer.js';
import type { OnErrorContext, OnErrorPolicy } from '../protocol/OnErrorPolicy.js';

/**
 * Shuts a tracker down at its n-th failure: counts the failures of the tracker it
 * belongs to, its descendants' included, and answers the n-th (and any later
 * one) with a shutdown of that tracker (cancelled with its whole subtree, as by
 * `tracker.cancel()`); it answers the failures before with `fail`.
 *
 * Children share the count: `createChild()` returns a policy with the same
 * counter, so the failures of child trackers (which get `createChild()` of their
 * parent's policy) count toward the same threshold, and when the n-th failure
 * happens in a descendant it is still the tracker the policy belongs to that is
 * shut down (`ErrorResponse.shutdown(ancestor)`), not only the descendant. A
 * policy given to a child builder as is (not through `createChild`) counts
 * apart and shuts that child down.
 *
 * What counts is each error the policy is asked about. Alone, that is each
 * failed task (a task fails once). Behind a retry in {@link composePolicies},
 * it is each task that failed for good; in front of one, each attempt.
 * Cancellations and rejections never count. It logs nothing.
 *
 * Unlike the Rust original (whose per-task count made any threshold >= 2
 * unreachable), the count is per tracker tree and the n-th failure fires.
 *
 * ```text
 * threshold 2, tasks a, b, c on one tracker:
 * a: --#         1st failure: a fails
 * b: ----#       2nd failure: b fails, and the tracker shuts down
 * c: ^---!       a running task, cancelled at frame 4
 * ```
 *
 * @example
 * ```ts
 * const policy = ThresholdCancelPolicy.withThreshold(3);
 * const tracker = new TaskTracker({ concurrency: 4, errorPolicy: policy });
 * const images = tracker.childTracker(); // its failures count too
 * policy.failureCount(); // 0
 * ```
 * @category Policies
 */
export class ThresholdCancelPolicy implements OnErrorPolicy {
  private constructor(
    /** The failure that shuts down: the n-th. */
    readonly threshold: number,
    private readonly _counter: { count: number },
    /** How many `createChild()` calls away from the policy whose tracker it shuts down. */
    private readonly _depth: number,
  ) {}

  /**
   * A policy that shuts its tracker down at the `threshold`-th failure.
   * @throws TypeError if `threshold` is not a number.
   * @throws RangeError if `threshold` is not an integer >= 1.
   */
  static withThreshold(threshold: number): ThresholdCancelPolicy {
    return new ThresholdCancelPolicy(checkInteger(threshold, 'ThresholdCancelPolicy.withThreshold(threshold): threshold'), { count: 0 }, 0);
  }

  /** The failures counted so far, in the whole tree of policies sharing the counter. */
  failureCount(): number {
    return this._counter.count;
  }

  /** Starts counting again from 0 (for the whole tree of policies sharing the counter). */
  resetFailureCount(): void {
    this._counter.count = 0;
  }

  /** A policy sharing this one's counter, shutting down the same tracker. */
  createChild(): ThresholdCancelPolicy {
    return new ThresholdCancelPolicy(this.threshold, this._counter, this._depth + 1);
  }

  /** Counts the failure; the threshold-th and later ones shut the tracker down. */
  onError(_error: unknown, context: OnErrorContext): ErrorResponse {
    if (++this._counter.count < this.threshold) return FAIL_RESPONSE;
    return shutdownResponse(ownerOf(context.tracker, this._depth));
  }
}
