import { describe } from './describeValue.js';
import { isErrorOf } from './isErrorOf.js';
import { TaskError } from './TaskError.js';
import { idOf, labelOf } from './taskLabel.js';

/**
 * A task ended failed: it threw, its promise rejected or its Observable errored,
 * and the tracker's error policy did not recover it. The task's own error is the
 * `cause`.
 *
 * @example
 * ```ts
 * const handle = tracker.spawn(() => Promise.reject(new Error('HTTP 500')));
 * try {
 *   await handle;
 * } catch (error) {
 *   (error as TaskFailedError).cause; // Error: HTTP 500
 * }
 * ```
 * @category Errors
 */
export class TaskFailedError extends TaskError {
  /** The error the task failed with. */
  declare readonly cause: unknown;

  /**
   * @param task The task that failed: its handle (whose name the message shows too), or its id.
   * @param cause The error it failed with.
   * @param message Defaults to `Task <id> failed: <the cause's message>` (`Task <id> "<name>" failed: …` for a named task).
   */
  constructor(
    task: string | { readonly id: string; readonly name?: string | undefined },
    cause: unknown,
    message = `Task ${labelOf(task)} failed: ${describe(cause)}`,
  ) {
    super(message, { taskId: idOf(task), cause });
    this.name = 'TaskFailedError';
    // `cause` must be present even when the task failed with `undefined`.
    if (!('cause' in this)) Object.defineProperty(this, 'cause', { value: cause, writable: true, configurable: true });
  }

  override isFailure(): boolean {
    return true;
  }
}

/** Whether `value` is a {@link TaskFailedError} (a {@link TaskTimeoutError} included). @category Errors */
export function isTaskFailedError(value: unknown): value is TaskFailedError {
  return isErrorOf(value, TaskFailedError, (error) => error.name === 'TaskFailedError' || error.name === 'TaskTimeoutError');
}
