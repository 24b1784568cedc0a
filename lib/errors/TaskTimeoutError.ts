import { describe } from './describeValue.js';
import { isErrorOf } from './isErrorOf.js';
import { TaskFailedError } from './TaskFailedError.js';
import { labelOf } from './taskLabel.js';

/**
 * A task ran longer than its `timeout` and was torn down. It is a
 * {@link TaskFailedError} whose `cause` is a `DOMException` named `TimeoutError`
 * (the kind a timed-out `AbortSignal` carries) naming the limit; it goes through the
 * error policy like any other error, so a `RetryPolicy` can retry it.
 *
 * @example
 * ```ts
 * const handle = tracker.spawn(() => slowCall(), { timeout: 5_000 });
 * await handle; // TaskTimeoutError: Task task-7 timed out after 5000 ms
 * ```
 * @category Errors
 */
export class TaskTimeoutError extends TaskFailedError {
  /** The limit that was exceeded, in milliseconds. */
  readonly timeout: number;

  /**
   * @param task The task that ran too long: its handle (whose name the message shows too), or its id.
   * @param timeout Its limit, in milliseconds.
   */
  constructor(task: string | { readonly id: string; readonly name?: string | undefined }, timeout: number) {
    const message = `Task ${labelOf(task)} timed out after ${describe(timeout)} ms`;
    super(task, new DOMException(message, 'TimeoutError'), message);
    this.name = 'TaskTimeoutError';
    this.timeout = timeout;
  }
}

/** Whether `value` is a {@link TaskTimeoutError}. @category Errors */
export function isTaskTimeoutError(value: unknown): value is TaskTimeoutError {
  return isErrorOf(value, TaskTimeoutError, (error) => error.name === 'TaskTimeoutError');
}
