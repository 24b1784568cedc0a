import type { ActionResult } from '../protocol/ActionResult.js';
import type { ErrorResponse } from '../protocol/ErrorResponse.js';
import type { FailedWithContinuation } from '../protocol/FailedWithContinuation.js';
import type { CancellableTaskResult } from './CancellableTaskResult.js';
import { OWNER_DESTROYED, type OwnerDestroyed } from '../cancellation/OwnerDestroyed.js';

// The tracker recognises these values by a brand rather than `instanceof`, so that
// an app which never makes one does not ship the class (a bundler keeps whatever
// an `instanceof` names) — and a value from a second copy of the library counts too.

/** @internal The brand of a {@link CancellableTaskResult}. */
export const CANCELLABLE_RESULT = 'rx-task-tracker:CancellableTaskResult';
/** @internal The brand of an {@link ActionResult}. */
export const ACTION_RESULT = 'rx-task-tracker:ActionResult';
/** @internal The brand of an {@link ErrorResponse}. */
export const ERROR_RESPONSE = 'rx-task-tracker:ErrorResponse';
/** @internal The brand of a {@link FailedWithContinuation}. */
export const FAILED_WITH_CONTINUATION = 'rx-task-tracker:FailedWithContinuation';

function branded(value: unknown, brand: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  try {
    return (value as { _brand?: unknown })._brand === brand;
  } catch {
    // A value that cannot be read (a revoked Proxy) is none of ours.
    return false;
  }
}

/** @internal Whether `value` is a {@link CancellableTaskResult}. */
export function isCancellableResult(value: unknown): value is CancellableTaskResult<unknown> {
  return branded(value, CANCELLABLE_RESULT);
}

/** @internal Whether `value` is an {@link ActionResult}. */
export function isActionResult(value: unknown): value is ActionResult {
  return branded(value, ACTION_RESULT);
}

/** @internal Whether `value` is a {@link FailedWithContinuation}. */
export function isFailedWithContinuation(value: unknown): value is FailedWithContinuation {
  return branded(value, FAILED_WITH_CONTINUATION);
}

/** @internal Whether `value` is an {@link ErrorResponse} (what `instanceof ErrorResponse` asks). */
export function isErrorResponse(value: unknown): value is ErrorResponse {
  return branded(value, ERROR_RESPONSE);
}

/** @internal Whether `reason` is an {@link OwnerDestroyed}: the streams of the tasks it cancels complete. */
export function isOwnerDestroyed(reason: unknown): reason is OwnerDestroyed {
  return branded(reason, OWNER_DESTROYED);
}
