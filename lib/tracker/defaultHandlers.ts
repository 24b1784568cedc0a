import { logError } from '../errors/logError.js';
import { labelOf } from '../errors/taskLabel.js';
import type { ErrorHandlers } from '../task/errorReports.js';

/** @internal `onPolicyError` and `onTeardownError` when none is given: they log. */
export const DEFAULT_HANDLERS: ErrorHandlers = {
  onPolicyError: (error, task) =>
    logError(
      `rx-task-tracker: the error policy of tracker "${task._owner.path}" threw while handling ${labelOf(task)}; ` +
        'the task ends failed with its own error.',
      error,
    ),
  onTeardownError: (error, task) =>
    logError(
      `rx-task-tracker: tearing down ${task === undefined ? 'a tracker' : `${labelOf(task)} of tracker "${task._owner.path}"`} threw; ` +
        'cancellation went on regardless.',
      error,
    ),
};
