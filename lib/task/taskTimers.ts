import type { TaskHandle } from './TaskHandle.js';

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
  if (timeoutTimer !== undefined) handle._owner._reports.unsubscribe(timeoutTimer, handle);
  if (retryTimer !== undefined) handle._owner._reports.unsubscribe(retryTimer, handle);
}
