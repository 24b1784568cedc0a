import { describe } from './describeValue.js';
import { isErrorOf } from './isErrorOf.js';
import { TaskError } from './TaskError.js';
import { idOf, labelOf } from './taskLabel.js';

/**
 * A task ended rejected: its scheduler or its error policy (a circuit breaker, for
 * example) refused to run it. It never started. It counts as a failure
 * (`isFailure()` is `true`) but in the `rejected` counter, not `failed`.
 *
 * @example
 * ```ts
 * await handle; // TaskRejectedError: Task rejected: circuit open
 * ```
 * @category Errors
 */
export class TaskRejectedError extends TaskError {
  /** Why the task was refused. */
  readonly reason: string;

  /**
   * @param task The task refused: its handle, or its id.
   * @param reason Why; the message is `Task rejected: <reason>` (`Task <id> "<name>" rejected: <reason>` for a
   *   named task). Anything else than a string (from a custom scheduler or gate) is described, and kept as the `cause`.
   */
  constructor(task: string | { readonly id: string; readonly name?: string | undefined }, reason: string) {
    const text = describe(reason);
    const label = typeof task === 'string' || task.name === undefined ? '' : `${labelOf(task)} `;
    super(`Task ${label}rejected: ${text}`, typeof reason === 'string' ? { taskId: idOf(task) } : { taskId: idOf(task), cause: reason });
    this.name = 'TaskRejectedError';
    this.reason = text;
  }

  override isFailure(): boolean {
    return true;
  }
}

/** Whether `value` is a {@link TaskRejectedError}. @category Errors */
export function isTaskRejectedError(value: unknown): value is TaskRejectedError {
  return isErrorOf(value, TaskRejectedError, (error) => error.name === 'TaskRejectedError');
}
