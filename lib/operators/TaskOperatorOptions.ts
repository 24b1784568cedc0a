import type { ObservableInput } from 'rxjs';
import type { TaskError } from '../errors/TaskError.js';

/**
 * Options of {@link concatTask}, {@link switchTask} and {@link exhaustTask}, and
 * the base of {@link MergeTaskOptions}.
 *
 * @typeParam T The source's values.
 * @typeParam F What `catchError` returns (its values join the output's).
 *
 * @example One item's failure or timeout becomes a value; the stream goes on
 * ```ts
 * const pages$ = ids$.pipe(
 *   mergeTask(tracker, (id, i, { signal }) => load(id, signal), {
 *     timeout: 5_000,
 *     catchError: (error, id) => of({ id, failed: error.message }),
 *   }),
 * );
 * ```
 * @category Operators
 */
export interface TaskOperatorOptions<T = unknown, F extends ObservableInput<unknown> = ObservableInput<never>> {
  /**
   * Each task's timeout, in milliseconds of the tracker's clock: a run that takes
   * longer is torn down and fails with a `TaskTimeoutError` (which goes through
   * the error policy, so a `RetryPolicy` may run it again, with the whole
   * timeout). As `spawn(task, { timeout })`: up to `Number.MAX_SAFE_INTEGER`,
   * `Infinity` for none.
   * @defaultValue the tracker's timeout, if it has one
   */
  readonly timeout?: number;
  /**
   * Cancels the operator's tasks when it aborts, as `spawn(task, { signal })`
   * does: each queued or running task ends cancelled with the signal's reason
   * (its `TaskCancelledError` goes to `catchError`, if given, else errors the
   * output), and a task issued after the abort is cancelled at once. Listeners
   * go as the tasks end. To stop the whole stream instead, use
   * `takeUntil(fromEvent(signal, 'abort'))` or the tracker's `signal` option.
   *
   * @example
   * ```ts
   * ids$.pipe(mergeTask(tracker, (id, i, { signal }) => load(id, signal), { signal: controller.signal }));
   * ```
   * @defaultValue none
   * @since 0.2.0
   */
  readonly signal?: AbortSignal;
  /**
   * Recovers from one item's failure without ending the stream: RxJS's
   * `catchError` inside `project`, but applied to the task's outcome, after the
   * tracker decided (retries spent, timeout included). When an item's task
   * fails for good, `catchError(error, value, index)` is called with its
   * `TaskError` (a `TaskFailedError` whose `cause` is the task's own error, a
   * `TaskTimeoutError`, a `TaskRejectedError`, or the `TaskCancelledError` of a
   * task that ended cancelled on its own) and what it returns takes the task's
   * place: its values are emitted, and the operator goes on once it completes
   * (`EMPTY` skips the item). The task still counts as failed (or rejected) in
   * the tracker's metrics and `events$`, and its error policy saw the failure.
   *
   * What `catchError` returns runs in the operator, not as a task (no slot, not
   * counted): keep it cheap. If it throws or errors, the output errors with
   * that error. A cancelled tracker still errors the output: that is not one
   * item's failure.
   *
   * ```text
   * source:   -a--b--c-|
   * task a:    --1|
   * task b:       --#            fails (counted failed)
   * task c:          --3|
   * output:   ---1--x--3|        catchError: () => of('x')
   * ```
   *
   * @defaultValue none: a task that fails for good errors the output, as `mergeMap` with an inner error
   * @since 0.2.0
   */
  readonly catchError?: (error: TaskError, value: T, index: number) => F;
}
