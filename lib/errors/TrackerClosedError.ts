import { describe } from './describeValue.js';
import { isErrorOf } from './isErrorOf.js';
import { TaskError } from './TaskError.js';

/**
 * Thrown synchronously by `spawn`, `spawnCancellable`, `childTracker()` and a
 * child builder's `build()` when the tracker was closed by `cancel()`, `join()`
 * or an error policy's shutdown. Nothing was issued: no metric changed.
 * It is neither a cancellation nor a failure of a task.
 *
 * @example
 * ```ts
 * await tracker.join();
 * tracker.spawn(() => load()); // throws TrackerClosedError
 * ```
 * @category Errors
 */
export class TrackerClosedError extends TaskError {
  /** The path of the closed tracker, e.g. `root/images`. */
  readonly trackerPath: string;

  /**
   * @param trackerPath The closed tracker.
   * @param action What was attempted, e.g. `spawn a task`.
   * @param closedBy How it came to be closed, e.g. `its ancestor "root" was cancelled`.
   */
  constructor(trackerPath: string, action: string, closedBy = 'it was cancelled or joined') {
    super(`Cannot ${describe(action)} on closed tracker "${describe(trackerPath)}": ${describe(closedBy)}. Spawn before join(), or create a new tracker.`);
    this.name = 'TrackerClosedError';
    this.trackerPath = trackerPath;
  }
}

/** Whether `value` is a {@link TrackerClosedError}. @category Errors */
export function isTrackerClosedError(value: unknown): value is TrackerClosedError {
  return isErrorOf(value, TrackerClosedError, (error) => error.name === 'TrackerClosedError');
}
