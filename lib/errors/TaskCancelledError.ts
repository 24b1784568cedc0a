import { describe } from './describeValue.js';
import { TaskError } from './TaskError.js';

/**
 * A task ended cancelled: its handle, its tracker (or an ancestor tracker) or its
 * token was cancelled before it could finish. {@link TaskCancelledError.reason}
 * is the reason given to `cancel()`.
 *
 * @example
 * ```ts
 * const handle = tracker.spawn(() => fetchUser(id));
 * handle.cancel('user left');
 * await handle; // throws TaskCancelledError, reason 'user left'
 * ```
 */
export class TaskCancelledError extends TaskError {
  /** Why the task was cancelled (a `DOMException` named `AbortError` when no reason was given). */
  readonly reason: unknown;

  constructor(taskId: string, reason: unknown) {
    super(`Task ${taskId} was cancelled: ${describe(reason)}`, { taskId });
    this.name = 'TaskCancelledError';
    this.reason = reason;
  }

  override isCancellation(): boolean {
    return true;
  }
}

/** Whether `value` is a {@link TaskCancelledError}. */
export function isTaskCancelledError(value: unknown): value is TaskCancelledError {
  return value instanceof TaskCancelledError || (value instanceof Error && value.name === 'TaskCancelledError');
}
