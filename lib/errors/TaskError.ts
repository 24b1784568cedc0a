import { isErrorOf } from './isErrorOf.js';

/**
 * The base class of every error a task handle rejects with, and of
 * {@link TrackerClosedError}. Mirrors the Rust `TaskError` enum: ask
 * {@link TaskError.isCancellation} or {@link TaskError.isFailure} instead of
 * checking classes when all you need is the kind of outcome.
 *
 * @example
 * ```ts
 * try {
 *   await handle;
 * } catch (error) {
 *   if (isTaskError(error) && error.isCancellation()) return; // the user left
 *   throw error;
 * }
 * ```
 * @category Errors
 */
export class TaskError extends Error {
  /**
   * The id of the task this error is about, when it is about one task (a
   * tracker's cancellation rejects all its tasks with one error, as an aborted
   * `AbortSignal` does with its `reason`).
   */
  readonly taskId: string | undefined;

  /**
   * @param message What happened.
   * @param options The task's id, and the error that caused this one.
   */
  constructor(message: string, options?: { taskId?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TaskError';
    this.taskId = options?.taskId;
  }

  /** `true` for a task that ended cancelled ({@link TaskCancelledError}). */
  isCancellation(): boolean {
    return false;
  }

  /**
   * `true` for a task that ended failed or rejected ({@link TaskFailedError},
   * {@link TaskRejectedError}).
   */
  isFailure(): boolean {
    return false;
  }
}

/**
 * Whether `value` is a {@link TaskError}, even one made by another copy of this
 * package (which `instanceof` would miss).
 * @category Errors
 */
export function isTaskError(value: unknown): value is TaskError {
  return isErrorOf(
    value,
    TaskError,
    (error) => typeof (error as Partial<TaskError>).isCancellation === 'function' && typeof (error as Partial<TaskError>).isFailure === 'function',
  );
}
