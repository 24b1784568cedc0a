import { TaskTimeoutError } from '../errors/TaskTimeoutError.js';
import { scheduleAfter } from '../time/scheduleAfter.js';
import { handleTaskError } from './handleTaskError.js';
import type { TaskHandle } from './TaskHandle.js';
import { RUNNING, STATE } from './TaskState.js';
import { extrasOf } from './TaskExtras.js';
import { stopWork } from './TaskRun.js';

/**
 * @internal Arms the per-run timeout, if the task or its tracker has one and the
 * run goes on. Called after the run was subscribed, as RxJS's `timeout` does: an
 * end that falls on the timeout's frame was scheduled first, and wins.
 */
export function armTimeout(handle: TaskHandle<unknown>): void {
  const timeout = handle._extras?.timeout ?? handle._owner._timeout;
  // Not for a run that already ended, nor twice: a run that failed at once may
  // have been retried, and started (and armed) again, inside the first one.
  // (A task's own Infinity is no timeout, the tracker's notwithstanding.)
  if (timeout === undefined || timeout === Infinity || (handle._state & STATE) !== RUNNING || handle._extras?.timeoutTimer !== undefined) return;
  const extras = extrasOf(handle);
  extras.timeoutTimer = scheduleAfter(handle._owner._clock, timeout, () => {
    extras.timeoutTimer = undefined;
    if ((handle._state & STATE) !== RUNNING) return;
    stopWork(handle);
    handleTaskError(handle, new TaskTimeoutError(handle, timeout));
  });
}
