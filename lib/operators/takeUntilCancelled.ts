import { takeUntil, type MonoTypeOperatorFunction } from 'rxjs';
import { CancellationToken } from '../cancellation/CancellationToken.js';
import { got } from '../errors/describeValue.js';
import type { TaskTracker } from '../tracker/TaskTracker.js';

/**
 * Mirrors the source until the tracker (or the token) is cancelled, then
 * completes: the hierarchical teardown notifier as an operator. Cancelling a
 * parent tracker cancels its children's tokens, so a stream tied to a child
 * ends with the page, component or request that owns the parent. It completes
 * at once (without subscribing to the source) if the tracker or token is
 * cancelled already. A tracker closed by `join()` is not cancelled: the stream
 * goes on.
 *
 * ```text
 * source:   -1-2-3-4-|
 * cancel:       ^          tracker.cancel() at 4
 * output:   -1-2|
 * ```
 *
 * Same as `takeUntil(token.cancelled$)`; this reads better and takes a tracker.
 *
 * @param trackerOrToken A {@link TaskTracker} (its token is used) or a {@link CancellationToken}.
 *
 * @throws TypeError (when the operator is created) if `trackerOrToken` is neither.
 *
 * @example Angular: a live feed that stops when the component's tracker is cancelled
 * ```ts
 * readonly prices$ = this.socket.prices$.pipe(takeUntilCancelled(this.tracker));
 * ```
 * @category Operators
 */
export function takeUntilCancelled<T>(trackerOrToken: TaskTracker | CancellationToken): MonoTypeOperatorFunction<T> {
  let token: CancellationToken;
  if (trackerOrToken instanceof CancellationToken) token = trackerOrToken;
  else if (typeof (trackerOrToken as TaskTracker | null | undefined)?.cancellationToken === 'function') token = trackerOrToken.cancellationToken();
  else throw new TypeError(`takeUntilCancelled(trackerOrToken) needs a TaskTracker or a CancellationToken, got ${got(trackerOrToken)}.`);
  return takeUntil(token.cancelled$);
}
