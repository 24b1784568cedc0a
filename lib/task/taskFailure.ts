import type { TaskError } from '../errors/TaskError.js';
import { TaskFailedError } from '../errors/TaskFailedError.js';
import type { TaskHandle } from './TaskHandle.js';
import type { TaskOwner } from './TaskOwner.js';
import { FAILED } from './TaskState.js';

/** @internal The error a failed task's handle rejects with: its own `TaskFailedError`, or one wrapping the task's error. */
export function taskFailure(handle: TaskHandle<unknown>, error: unknown): TaskError {
  try {
    if (error instanceof TaskFailedError && error.taskId === handle.id) return error;
  } catch {
    // A value that cannot be looked at (a revoked Proxy) is the task's own error: wrap it.
  }
  return new TaskFailedError(handle, error);
}

/** @internal Ends `handle` failed with `error` (wrapped); `shutdown` is the tracker a policy asked to cancel. */
export function failTask(handle: TaskHandle<unknown>, error: unknown, shutdown?: TaskOwner): void {
  handle._finish(FAILED, taskFailure(handle, error), shutdown);
}
