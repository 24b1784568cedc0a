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
 */
export class TaskRejectedError extends TaskError {
  /** Why the task was refused. */
  readonly reason: string;

  /**
   * @param task The task refused: its handle, or its id.
   * @param reason Why; the message is `Task rejected: <reason>` (`Task <id> "<name>" rejected: <reason>` for a named task).
   */
  constructor(task: string | { readonly id: string; readonly name?: string | undefined }, reason: string) {
    super(`Task ${typeof task === 'string' || task.name === undefined ? '' : `${labelOf(task)} `}rejected: ${reason}`, { taskId: idOf(task) });
    this.name = 'TaskRejectedError';
    this.reason = reason;
  }

  override isFailure(): boolean {
    return true;
  }
}

/** Whether `value` is a {@link TaskRejectedError}. */
export function isTaskRejectedError(value: unknown): value is TaskRejectedError {
  return value instanceof TaskRejectedError || (value instanceof Error && value.name === 'TaskRejectedError');
}
