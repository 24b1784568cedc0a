import type { TaskHandle } from './TaskHandle.js';
import { unsubscribeReporting } from './errorReports.js';

/**
 * @internal Drops the task's timers: the current run's timeout and the wait
 * before a retry (a running task has no retry timer and a waiting one no
 * timeout, so a move out of either state drops the one it has). A throwing
 * teardown is reported.
 */
export function clearTimers(handle: TaskHandle<unknown>): void {
  const extras = handle._extras;
  if (extras === undefined) return;
  const { timeoutTimer, retryTimer } = extras;
  extras.timeoutTimer = extras.retryTimer = undefined;
  if (timeoutTimer !== undefined) unsubscribeReporting(handle._owner._handlers, timeoutTimer, handle);
  if (retryTimer !== undefined) unsubscribeReporting(handle._owner._handlers, retryTimer, handle);
}
