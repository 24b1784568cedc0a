/**
 * Options of {@link concatTask}, {@link switchTask} and {@link exhaustTask}, and
 * the base of {@link MergeTaskOptions}.
 */
export interface TaskOperatorOptions {
  /**
   * Each task's timeout, in milliseconds of the tracker's clock: a run that takes
   * longer is torn down and fails with a `TaskTimeoutError` (which goes through
   * the error policy, so a `RetryPolicy` may run it again, with the whole
   * timeout). As `spawn(task, { timeout })`: up to `Number.MAX_SAFE_INTEGER`,
   * `Infinity` for none.
   * @defaultValue the tracker's timeout, if it has one
   */
  readonly timeout?: number;
}
