import { TaskRejectedError } from '../errors/TaskRejectedError.js';
import type { TaskHandle } from './TaskHandle.js';
import { REJECTED, STREAM } from './TaskState.js';
import { isTornDown, unsubscribeTask } from './taskStream.js';
import { reportPolicyError } from './errorReports.js';

/**
 * @internal The step between being given a slot and running: whether the task may
 * run; if not, it has ended. A teardown never starts queued work: a stream whose
 * consumer is being torn down is cancelled, as its own teardown would a moment
 * later. The policy's admission gate may refuse the task (a gate that throws is
 * reported and lets it run).
 */
export function mayRun(handle: TaskHandle<unknown>): boolean {
  if ((handle._state & STREAM) !== 0 && isTornDown(handle)) {
    unsubscribeTask(handle);
    return false;
  }
  const owner = handle._owner;
  if (owner._admit) {
    let verdict: unknown;
    try {
      verdict = owner._policy.admit!(handle);
    } catch (error) {
      reportPolicyError(handle, error);
      verdict = true;
    }
    if (verdict !== true) {
      // TaskRejectedError describes anything else than a string (and keeps it as its cause).
      handle._finish(REJECTED, new TaskRejectedError(handle, verdict as string));
      return false;
    }
  }
  return true;
}
