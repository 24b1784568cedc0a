import type { CancellationToken } from '../cancellation/CancellationToken.js';
import type { TaskContext } from './TaskContext.js';
import type { ContinuationWork, Executable, TaskHandle } from './TaskHandle.js';
import { CONTINUATION, TOKEN_ARG } from './TaskState.js';
import { currentRun } from './TaskRun.js';

/**
 * @internal Runs the task's executable once, in its current run: calls the
 * function (with its context, or its token for `spawnCancellable`) or the continuation, and hands what
 * it returned to the run to subscribe to, await or take as the value.
 */
export function runOnce(handle: TaskHandle<unknown>): void {
  const exec = handle._stage as Executable;
  const bits = handle._state;
  let input: unknown;
  try {
    // The handle is the task's context (TaskContext): one object every task has
    // already, whose signal and token are made only if read.
    if ((bits & CONTINUATION) !== 0) {
      input = (exec as ContinuationWork).execute((bits & TOKEN_ARG) !== 0 ? handle.cancellationToken() : (handle as unknown as CancellationToken));
    } else if (typeof exec === 'function') input = (bits & TOKEN_ARG) !== 0 ? exec(handle.cancellationToken()) : exec(handle as TaskContext);
    else input = exec;
  } catch (error) {
    handle._fail(error);
    return;
  }
  (handle._run ?? currentRun(handle)).consume(input);
}
