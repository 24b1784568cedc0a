import type { TaskHandle } from './TaskHandle.js';

/** @internal Drops the timeout of the current run, if armed; a throwing teardown is reported. */
export function clearTimeoutTimer(handle: TaskHandle<unknown>): void {
  const extras = handle._extras;
  const timer = extras?.timeoutTimer;
  if (timer !== undefined) {
    extras!.timeoutTimer = undefined;
    handle._owner._reports.unsubscribe(timer, handle);
  }
}

/** @internal Drops the wait before a retry, if any; a throwing teardown is reported. */
export function clearRetryTimer(handle: TaskHandle<unknown>): void {
  const extras = handle._extras;
  const timer = extras?.retryTimer;
  if (timer !== undefined) {
    extras!.retryTimer = undefined;
    handle._owner._reports.unsubscribe(timer, handle);
  }
}

/** @internal Drops both timers: the task ended. */
export function clearTimers(handle: TaskHandle<unknown>): void {
  clearTimeoutTimer(handle);
  clearRetryTimer(handle);
}
