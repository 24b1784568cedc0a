import { describe } from './describeValue.js';
import { isErrorOf } from './isErrorOf.js';
import { TaskError } from './TaskError.js';
import { idOf, labelOf } from './taskLabel.js';

/**
 * A task ended cancelled: its handle, its tracker (or an ancestor tracker) or its
 * token was cancelled before it could finish. {@link TaskCancelledError.reason}
 * is the reason given to `cancel()`.
 *
 * A task cancelled on its own (`handle.cancel()`, its token) gets an error of its
 * own, with its `taskId`. A tracker's `cancel()` rejects the handles of all the
 * tasks it ends with one error per tracker, naming the tracker in
 * {@link TaskCancelledError.trackerPath} (`taskId` is then `undefined`), the way
 * every `fetch` an `AbortController` aborts rejects with the same `signal.reason`:
 * a backlog of a million tasks ends in one step instead of a million errors.
 *
 * @example
 * ```ts
 * const handle = tracker.spawn(() => fetchUser(id));
 * handle.cancel('user left');
 * await handle; // throws TaskCancelledError: Task task-1 was cancelled: user left
 * tracker.cancel('page closed'); // every other pending handle: Tracker "root" was cancelled: page closed
 * ```
 * @category Errors
 */
export class TaskCancelledError extends TaskError {
  /** Why the task was cancelled (a `DOMException` named `AbortError` when no reason was given). */
  readonly reason: unknown;
  /** The cancelled tracker, when a tracker's cancellation ended the task. */
  readonly trackerPath: string | undefined;

  /**
   * @param task The task cancelled on its own (its handle, whose name the message shows too, or its id),
   *   or `undefined` for a tracker's cancellation.
   * @param trackerPath The cancelled tracker, for a tracker's cancellation.
   */
  constructor(task: string | { readonly id: string; readonly name?: string | undefined } | undefined, reason: unknown, trackerPath?: string) {
    super(
      task !== undefined ? `Task ${labelOf(task)} was cancelled: ${describe(reason)}` : `Tracker "${describe(trackerPath)}" was cancelled: ${describe(reason)}`,
      { taskId: task === undefined ? undefined : idOf(task) },
    );
    this.name = 'TaskCancelledError';
    this.reason = reason;
    this.trackerPath = trackerPath;
  }

  override isCancellation(): boolean {
    return true;
  }
}

/** Whether `value` is a {@link TaskCancelledError}. @category Errors */
export function isTaskCancelledError(value: unknown): value is TaskCancelledError {
  return isErrorOf(value, TaskCancelledError, (error) => error.name === 'TaskCancelledError');
}
