import { logError } from '../errors/logError.js';
import { labelOf } from '../errors/taskLabel.js';
import type { TaskHandle } from '../task/TaskHandle.js';

/** @internal `onPolicyError` when none is given. */
export const defaultPolicyErrorHandler = (error: unknown, task: TaskHandle<unknown>) =>
  logError(
    `rx-task-tracker: the error policy of tracker "${task._owner.path}" threw while handling ${labelOf(task)}; ` +
      'the task ends failed with its own error.',
    error,
  );

/** @internal `onTeardownError` when none is given. */
export const defaultTeardownErrorHandler = (error: unknown, task: TaskHandle<unknown> | undefined) =>
  logError(
    `rx-task-tracker: tearing down ${task === undefined ? 'a tracker' : `${labelOf(task)} of tracker "${task._owner.path}"`} threw; ` +
      'cancellation went on regardless.',
    error,
  );
