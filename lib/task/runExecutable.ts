import type { Continuation } from '../protocol/Continuation.js';
import type { Executable, TaskHandle } from './TaskHandle.js';
import { CONTINUATION, TOKEN_ARG } from './TaskState.js';

/**
 * @internal Runs the task's executable once, in its current run: calls the
 * function (with the token if it takes one) or the continuation, and hands what
 * it returned to the run to subscribe to, await or take as the value.
 */
export function runOnce(handle: TaskHandle<unknown>): void {
  const exec = handle._stage as Executable;
  const bits = handle._state;
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
