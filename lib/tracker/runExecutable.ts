import type { Continuation } from '../policies/Continuation.js';
import type { Executable, TaskHandle } from './TaskHandle.js';
import { CONTINUATION, IN_RUN, RERUN, RUNNING, STATE, TOKEN_ARG } from './taskStates.js';

/**
 * @internal Runs the task's executable once, in its current run: calls the
 * function (with the token if it takes one) or the continuation, and hands what
 * it returned to the run to subscribe to, await or take as the value.
 */
export function runOnce(handle: TaskHandle<unknown>): void {
  const exec = handle._payload as Executable;
  const bits = handle._bits;
  let input: unknown;
  try {
    if ((bits & CONTINUATION) !== 0) input = (exec as Continuation).execute(handle.cancellationToken());
    else if (typeof exec === 'function') input = (bits & TOKEN_ARG) !== 0 ? exec(handle.cancellationToken()) : exec();
    else input = exec;
  } catch (error) {
    handle._fail(error);
    return;
  }
  (handle._run ?? handle._currentRun()).consume(input);
}

/**
 * @internal Runs a continuation; a loop, so a chain of synchronous continuations
 * cannot grow the stack. (A first run needs none: nothing runs it re-entrantly.)
 */
export function runContinuation(handle: TaskHandle<unknown>): void {
  if ((handle._bits & IN_RUN) !== 0) {
    handle._bits |= RERUN;
    return;
  }
  handle._bits |= IN_RUN;
  try {
    do {
      handle._bits &= ~RERUN;
      runOnce(handle);
    } while ((handle._bits & RERUN) !== 0 && (handle._bits & STATE) === RUNNING);
  } finally {
    handle._bits &= ~(IN_RUN | RERUN);
  }
}
