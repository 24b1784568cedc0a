import { CancellationToken } from '../cancellation/CancellationToken.js';
import type { TaskHandle } from '../task/TaskHandle.js';
import { got } from '../errors/describeValue.js';
import type { ErrorResponse } from '../protocol/ErrorResponse.js';
import { shutdownResponse } from '../protocol/PolicyAnswer.js';
import type { OnErrorPolicy, TaskOutcome } from '../protocol/OnErrorPolicy.js';

/**
 * Cancels a token of yours on any failure, then shuts the tracker down: to stop
 * work outside the tracker (a poller, a stream, a parent operation) when any task
 * fails. The token is cancelled with the task's own error as the reason, and the
 * tracker where the task ran is shut down (cancelled with its subtree); the task
 * itself ends failed.
 *
 * Children share the same token (not a child of it), so a failure anywhere in
 * the tree cancels it; each shuts down its own tracker. If the token is an
 * ancestor tracker's token (the one given to its builder), that whole tracker
 * is cancelled too.
 *
 * "Any failure" is any task of its tracker that ends failed, also when another
 * policy decided (in {@link composePolicies}) or when a policy threw: the
 * token is cancelled from `onTaskEnd`, after the failure is recorded. That is
 * why the failing task still ends failed even when the token is its own
 * tracker's: cancelling it from `onError` would cancel the task first. (The
 * Rust original does it in a custom action, `TriggerCancellationTokenAction`.)
 *
 * @example Stop the page's live updates when a load fails
 * ```ts
 * const pageToken = new CancellationToken();
 * liveUpdates$.pipe(takeUntil(pageToken.cancelled$)).subscribe(render);
 * const tracker = new TaskTracker({ concurrency: 4, errorPolicy: new TriggerCancellationTokenOnError(pageToken) });
 * ```
 * @category Policies
 */
export class TriggerCancellationTokenOnError implements OnErrorPolicy {
  /**
   * @throws TypeError if `token` is not a {@link CancellationToken}.
   */
  constructor(
    /** The token cancelled at the first failure. */
    readonly token: CancellationToken,
  ) {
    if (!(token instanceof CancellationToken)) {
      throw new TypeError(`new TriggerCancellationTokenOnError(token): token must be a CancellationToken, got ${got(token)}`);
    }
  }

  /** A policy cancelling the same token. */
  createChild(): TriggerCancellationTokenOnError {
    return new TriggerCancellationTokenOnError(this.token);
  }

  /** Shuts the task's tracker down (the token is cancelled once the task has ended failed). */
  onError(): ErrorResponse {
    return shutdownResponse();
  }

  /** Cancels the token when a task ended failed, with its error as the reason. */
  onTaskEnd(_task: TaskHandle<unknown>, outcome: TaskOutcome, error: unknown): void {
    if (outcome === 'failed') this.token.cancel(error);
  }
}
