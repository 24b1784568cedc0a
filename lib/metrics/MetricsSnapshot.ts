/**
 * The counts of a tracker at one moment, as a plain object (for a view, a log
 * line or JSON). Counts include the tracker's own tasks and all its descendants'.
 *
 * At every moment:
 * - `issued = success + failed + cancelled + rejected + pending`
 * - `pending = active + queued`
 * @category Observing
 */
export interface MetricsSnapshot {
  /** Tasks spawned. */
  readonly issued: number;
  /** Tasks that ever got a slot, each counted once (retries are not new starts). */
  readonly started: number;
  /** Tasks that ended with a value. */
  readonly success: number;
  /** Tasks that ended with an error the policy did not recover. */
  readonly failed: number;
  /** Tasks that ended cancelled. */
  readonly cancelled: number;
  /** Tasks a scheduler or policy refused to run. */
  readonly rejected: number;
  /** Tasks running right now (holding a slot). */
  readonly active: number;
  /** Tasks issued and not finished that are not running (waiting for a slot or a retry delay). */
  readonly queued: number;
  /** Tasks issued and not finished: `active + queued`. */
  readonly pending: number;
  /** Tasks that ended, whatever the outcome: `success + failed + cancelled + rejected`. */
  readonly totalCompleted: number;
  /** Failures that were timeouts (they are also counted in `failed`). */
  readonly timedOut: number;
  /** Extra attempts made by retries (an attempt is not an extra issued task). */
  readonly retried: number;
  /**
   * Runs still holding a slot whose task no longer waits for them: a promise
   * task cancelled or timed out keeps its slot until its promise settles.
   * @since 0.2.0
   */
  readonly stopping: number;
}
