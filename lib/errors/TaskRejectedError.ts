import { describe } from './describeValue.js';
import { isErrorOf } from './isErrorOf.js';
import { TaskError } from './TaskError.js';

/**
 * A task ended rejected: its scheduler or its error policy (a circuit breaker, for
 * example) refused to run it. It never started. It counts as a failure
 * (`isFailure()` is `true`) but in the `rejected` counter, not `failed`.
 *
 * @example
 * ```ts
 * await handle; // TaskRejectedError: Task rejected: circuit open
 * ```
 */
export class TaskRejectedError extends TaskError {
  /** Why the task was refused. */
  readonly reason: string;

  /**
   * @param taskId The task refused.
   * @param reason Why; the message is `Task rejected: <reason>`. Anything else
   *   than a string (from a custom scheduler or gate) is described, and kept as
   *   the `cause`.
   */
  constructor(taskId: string, reason: string) {
    const text = describe(reason);
    super(`Task rejected: ${text}`, typeof reason === 'string' ? { taskId } : { taskId, cause: reason });
    this.name = 'TaskRejectedError';
    this.reason = text;
  }

  override isFailure(): boolean {
    return true;
  }
}

/** Whether `value` is a {@link TaskRejectedError}. */
export function isTaskRejectedError(value: unknown): value is TaskRejectedError {
  return isErrorOf(value, TaskRejectedError, (error) => error.name === 'TaskRejectedError');
}
