import { UnsubscriptionError, type Unsubscribable } from 'rxjs';
import { logError } from '../errors/logError.js';
import type { TaskHandle } from '../task/TaskHandle.js';
import type { TaskReports } from '../task/TaskOwner.js';

/** @internal `TaskTrackerOptions.onPolicyError`. */
export type PolicyErrorHandler = (error: unknown, task: TaskHandle<unknown>) => void;
/** @internal `TaskTrackerOptions.onTeardownError`. */
export type TeardownErrorHandler = (error: unknown, task: TaskHandle<unknown> | undefined) => void;

/**
 * @internal Where a tracker and its tasks report what they cannot throw: an error
 * policy that threw, a teardown that threw. Shared by a tracker and the
 * descendants that keep its handlers. A handler that throws is logged, never
 * thrown: `cancel()` never throws, and a task still settles.
 */
export class ErrorReports implements TaskReports {
  constructor(
    private readonly _onPolicyError: PolicyErrorHandler,
    private readonly _onTeardownError: TeardownErrorHandler,
  ) {}

  /** The same reports, with `onPolicyError` or `onTeardownError` replaced where given (a child's options). */
  with(onPolicyError: PolicyErrorHandler | undefined, onTeardownError: TeardownErrorHandler | undefined): ErrorReports {
    if (onPolicyError === undefined && onTeardownError === undefined) return this;
    return new ErrorReports(onPolicyError ?? this._onPolicyError, onTeardownError ?? this._onTeardownError);
  }

  policyError(error: unknown, handle: TaskHandle<unknown>): void {
    try {
      this._onPolicyError(error, handle);
    } catch (handlerError) {
      logError('rx-task-tracker: onPolicyError threw', handlerError);
    }
  }

  teardownError(error: unknown, handle: TaskHandle<unknown> | undefined): void {
    try {
      this._onTeardownError(error, handle);
    } catch (handlerError) {
      logError('rx-task-tracker: onTeardownError threw', handlerError);
    }
  }

  /**
   * RxJS gathers the errors of every finalizer into one UnsubscriptionError:
   * report the teardowns' own errors, as they were thrown.
   */
  teardownErrors(error: unknown, handle: TaskHandle<unknown> | undefined): void {
    let errors: unknown[] = [error];
    try {
      if (error instanceof UnsubscriptionError) errors = error.errors;
    } catch {
      // A teardown threw a value that cannot be looked at (a revoked Proxy): report it as it is.
    }
    for (const each of errors) this.teardownError(each, handle);
  }

  /** Unsubscribes `subscription`; a teardown that throws is reported, never thrown. */
  unsubscribe(subscription: Unsubscribable, handle: TaskHandle<unknown> | undefined): void {
    try {
      subscription.unsubscribe();
    } catch (error) {
      this.teardownErrors(error, handle);
    }
  }
}
