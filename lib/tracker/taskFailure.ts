import type { TaskError } from '../errors/TaskError.js';
import { TaskFailedError } from '../errors/TaskFailedError.js';
import type { TaskHandle } from './TaskHandle.js';

/** @internal The error a failed task's handle rejects with: its own `TaskFailedError`, or one wrapping the task's error. */
export function taskFailure(handle: TaskHandle<unknown>, error: unknown): TaskError {
  return error instanceof TaskFailedError && error.taskId === handle.id ? error : new TaskFailedError(handle, error);
}
