import { pause } from './pauseTask.js';
import { runOnce } from './runExecutable.js';
import type { ContinuationWork, TaskHandle } from './TaskHandle.js';
import { armTimeout } from './taskTimeout.js';
import { CONTINUATION, IN_RUN, RERUN, RUNNING, STATE, stateOf, TOKEN_ARG } from './TaskState.js';

/**
 * @internal Goes on with `continuation` as the same task: in its slot, or given
 * back and queued again when `reschedule`. Reached only through a
 * `FailedWithContinuation` or an `ActionResult.continue`, so only apps that make
 * one ship it.
 */
export function continueTask(handle: TaskHandle<unknown>, continuation: ContinuationWork, reschedule: boolean): void {
  // A policy hook may have cancelled the task while deciding.
  if (stateOf(handle) !== RUNNING) return;
  handle._stage = continuation;
  handle._state |= TOKEN_ARG | CONTINUATION;
  if (reschedule) {
    pause(handle, { cause: 'continuation' });
    return;
  }
  // The continuation is a new run in the same slot: it gets the timeout afresh.
  runContinuation(handle);
  armTimeout(handle);
}

/**
 * Runs a continuation; a loop, so a chain of synchronous continuations cannot
 * grow the stack. (A first run needs none: nothing runs it re-entrantly.)
 */
function runContinuation(handle: TaskHandle<unknown>): void {
  if ((handle._state & IN_RUN) !== 0) {
    handle._state |= RERUN;
    return;
  }
  handle._state |= IN_RUN;
  try {
    do {
      handle._state &= ~RERUN;
      runOnce(handle);
    } while ((handle._state & RERUN) !== 0 && (handle._state & STATE) === RUNNING);
  } finally {
    handle._state &= ~(IN_RUN | RERUN);
  }
}
