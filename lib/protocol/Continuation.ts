import type { ObservableInput } from 'rxjs';
import type { CancellationToken } from '../cancellation/CancellationToken.js';
import type { CancellableTaskResult } from '../task/CancellableTaskResult.js';

/**
 * Work that continues a failed task in its place: the same task (same id, same
 * handle) goes on with it. It gets the task's token, and what it produces is
 * read like a `spawnCancellable` result: a value (or `CancellableTaskResult.ok`)
 * ends the task with success, `CancellableTaskResult.cancelled()` ends it
 * cancelled, an error (or `CancellableTaskResult.err`) goes to the error policy
 * again, and may itself be another {@link FailedWithContinuation}.
 *
 * @example
 * ```ts
 * const fromCache: Continuation = { execute: () => cache.get(key) };
 * ```
 * @category Policies
 */
export interface Continuation {
  /** Runs the continuation; called each time the task continues with it. */
  execute(token: CancellationToken): ObservableInput<unknown> | CancellableTaskResult<unknown> | unknown;
}
