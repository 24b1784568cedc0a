import { UnsubscriptionError, type Unsubscribable } from 'rxjs';
import { logError } from '../errors/logError.js';
import type { TaskHandle } from './TaskHandle.js';

/**
 * @internal Where a tracker and its tasks send what they cannot throw: an error
 * policy that threw, a teardown that threw (`TaskTrackerOptions.onPolicyError`
 * and `onTeardownError`, or the defaults that log). A tracker shares its
 * parent's unless its options replace one.
 */
export interface ErrorHandlers {
  readonly onPolicyError: (error: unknown, task: TaskHandle<unknown>) => void;
  readonly onTeardownError: (error: unknown, task: TaskHandle<unknown> | undefined) => void;
}

// Functions rather than methods: `cancel()` never throws and a task still settles,
// so a handler that throws is logged, never thrown.

/** @internal Reports that the error policy (or a custom action, or the admission gate) threw while handling `handle`. */
export function reportPolicyError(handle: TaskHandle<unknown>, error: unknown): void {
  try {
    handle._owner._handlers.onPolicyError(error, handle);
  } catch (handlerError) {
    logError('rx-task-tracker: onPolicyError threw', handlerError);
  }
}

/** @internal Reports a teardown that threw; `handle`, the task it was tearing down (none: the tracker's own). */
export function reportTeardownError(handlers: ErrorHandlers, error: unknown, handle?: TaskHandle<unknown>): void {
  try {
    handlers.onTeardownError(error, handle);
  } catch (handlerError) {
    logError('rx-task-tracker: onTeardownError threw', handlerError);
  }
}

/**
 * @internal Reports what RxJS's unsubscribe threw: it gathers the errors of every
 * finalizer into one UnsubscriptionError, and each is reported as it was thrown.
 */
export function reportTeardownErrors(handlers: ErrorHandlers, error: unknown, handle?: TaskHandle<unknown>): void {
  let errors: unknown[] = [error];
  try {
    if (error instanceof UnsubscriptionError) errors = error.errors;
  } catch {
    // A teardown threw a value that cannot be looked at (a revoked Proxy): report it as it is.
  }
  for (const each of errors) reportTeardownError(handlers, each, handle);
}

/** @internal Unsubscribes `subscription`; a teardown that throws is reported, never thrown. */
export function unsubscribeReporting(handlers: ErrorHandlers, subscription: Unsubscribable, handle?: TaskHandle<unknown>): void {
  try {
    subscription.unsubscribe();
  } catch (error) {
    reportTeardownErrors(handlers, error, handle);
  }
}
