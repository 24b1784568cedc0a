import { got } from '../errors/describeValue.js';
import type { ErrorResponse } from '../protocol/ErrorResponse.js';
import type { PolicyAnswer } from '../protocol/PolicyAnswer.js';
import { isErrorResponse, isFailedWithContinuation } from './brands.js';
import { contextOf, type ErrorContext } from './ErrorContext.js';
import type { TaskHandle } from './TaskHandle.js';
import { failTask } from './taskFailure.js';
import { clearTimers } from './taskTimers.js';
import { RUNNING, stateOf } from './TaskState.js';
import { reportPolicyError } from './errorReports.js';

/**
 * @internal The `catchError` of a tracker: decides, with the tracker's error
 * policy, what becomes of a task whose run failed. In order:
 * 1. the task's error context is made (its first error) and `attemptCount` goes up;
 * 2. a {@link FailedWithContinuation} the policy allows continues the task with its
 *    continuation (in its slot, or rescheduled), without asking `onError`;
 * 3. otherwise `onError` answers: fail, shutdown, or an answer that carries itself
 *    out (retry, custom action).
 * A policy that throws (or answers nonsense) fails the task with its own error
 * and is reported through the tracker's `onPolicyError`.
 *
 * Only "fail" and "shutdown" are handled here: retries, custom actions and
 * continuations reach their code through the values that ask for them, so an app
 * that never makes one does not ship it.
 */
export function handleTaskError(handle: TaskHandle<unknown>, error: unknown): void {
  clearTimers(handle);
  const tracker = handle._owner;
  const policy = tracker._policy;
  let context: ErrorContext;
  let response: ErrorResponse;
  try {
    context = contextOf(handle);
    context.attemptCount++;
    // One from another version of the library (same brand, its own member names) is an ordinary error.
    if (isFailedWithContinuation(error) && error._continue !== undefined && (policy.allowContinuation?.(error, context) ?? true)) {
      error._continue(handle, policy.shouldReschedule?.(error, context) ?? false);
      return;
    }
    response = policy.onError(error, context);
    // Fail and shutdown are carried out here; any other answer must bring its handling
    // (not one from another version of the library, whose member names differ).
    if (!isErrorResponse(response) || ((response as PolicyAnswer).step === undefined && response.kind !== 'fail' && response.kind !== 'shutdown')) {
      throw new TypeError(`${policy.constructor?.name || 'The error policy'}.onError() returned ${got(response)}; it must return an ErrorResponse`);
    }
  } catch (policyError) {
    reportPolicyError(handle, policyError);
    failTask(handle, error);
    return;
  }
  // The policy may have cancelled the task (its tracker, its token) while deciding.
  if (stateOf(handle) !== RUNNING) return;
  const answer = response as PolicyAnswer;
  if (answer.step !== undefined) answer.step(answer, handle, error, context);
  else failTask(handle, error, response.kind === 'shutdown' ? (response.target ?? tracker) : undefined);
}
