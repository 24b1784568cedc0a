import { OWNER_DESTROYED, type OwnerDestroyed } from '../cancellation/OwnerDestroyed.js';

// The tracker recognises these values by a brand rather than `instanceof`, so that
// an app which never makes one does not ship the class (a bundler keeps whatever
// an `instanceof` names) — and a value from a second copy of the library counts too.

/** @internal The brand of a `CancellableTaskResult`. */
export const CANCELLABLE_RESULT = 'rx-task-tracker:CancellableTaskResult';
/** @internal The brand of an `ActionResult`. */
export const ACTION_RESULT = 'rx-task-tracker:ActionResult';
/** @internal The brand of an `ErrorResponse`. */
export const ERROR_RESPONSE = 'rx-task-tracker:ErrorResponse';
/** @internal The brand of a `FailedWithContinuation`. */
export const FAILED_WITH_CONTINUATION = 'rx-task-tracker:FailedWithContinuation';

// What the task module reads of each: their classes (CancellableTaskResult.ts, and the
// protocol's ActionResult, ErrorResponse, FailedWithContinuation) have these members,
// and this layer does not name the protocol's.

/** @internal A branded task result, as the task module reads one. */
export interface BrandedTaskResult {
  readonly kind: 'ok' | 'cancelled' | 'err';
  readonly value: unknown;
  readonly error: unknown;
}

/** @internal A branded value that goes on with a continuation (ActionResult.continue, FailedWithContinuation). */
export interface BrandedContinuing {
  /** Goes on with the continuation it carries, as the same task; absent in another copy of the library. */
  readonly _continue?: (handle: unknown, reschedule: boolean) => void;
}

/** @internal A branded custom action's decision, as the task module reads one. */
export interface BrandedActionResult extends BrandedContinuing {
  readonly kind: 'fail' | 'shutdown' | 'continue';
  /** `shutdown`: the tracker to cancel. */
  readonly target: unknown;
}

/** @internal A branded policy answer, as the task module reads one (PolicyAnswer.ts has the rest). */
export interface BrandedAnswer {
  readonly kind: string;
}

function branded(value: unknown, brand: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  try {
    return (value as { _brand?: unknown })._brand === brand;
  } catch {
    // A value that cannot be read (a revoked Proxy) is none of ours.
    return false;
  }
}

/** @internal Whether `value` is a `CancellableTaskResult`. */
export function isCancellableResult(value: unknown): value is BrandedTaskResult {
  return branded(value, CANCELLABLE_RESULT);
}

/** @internal Whether `value` is an `ActionResult`. */
export function isActionResult(value: unknown): value is BrandedActionResult {
  return branded(value, ACTION_RESULT);
}

/** @internal Whether `value` is a `FailedWithContinuation`. */
export function isFailedWithContinuation(value: unknown): value is BrandedContinuing {
  return branded(value, FAILED_WITH_CONTINUATION);
}

/** @internal Whether `value` is an `ErrorResponse` (what `instanceof ErrorResponse` asks). */
export function isErrorResponse(value: unknown): value is BrandedAnswer {
  return branded(value, ERROR_RESPONSE);
}

/** @internal Whether `reason` is an {@link OwnerDestroyed}: the streams of the tasks it cancels complete. */
export function isOwnerDestroyed(reason: unknown): reason is OwnerDestroyed {
  return branded(reason, OWNER_DESTROYED);
}
