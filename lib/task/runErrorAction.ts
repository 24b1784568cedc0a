import { from, type Observable } from 'rxjs';
import { got } from '../errors/describeValue.js';
import type { OnErrorAction } from '../protocol/ErrorResponse.js';
import type { OnErrorContext } from '../protocol/OnErrorPolicy.js';
import { isActionResult } from './brands.js';
import type { TaskHandle } from './TaskHandle.js';
import type { TaskOwner } from './TaskOwner.js';
import { ACTING, currentRun, IDLE } from './TaskRun.js';
import { failTask } from './taskFailure.js';
import { RUNNING, stateOf } from './TaskState.js';
import { reportPolicyError, unsubscribeReporting } from './errorReports.js';

/**
 * @internal Carries out `ErrorResponse.custom(action)`: `action.execute` decides,
 * at once or asynchronously (the task keeps its slot meanwhile; cancelling it
 * unsubscribes). A throwing action, or one deciding nonsense, fails the task and
 * is reported as a policy error.
 */
export function runErrorAction(handle: TaskHandle<unknown>, action: OnErrorAction, error: unknown, context: OnErrorContext): void {
  let decision: unknown;
  try {
    decision = action.execute(error, context);
    if (!isActionResult(decision)) {
      const run = currentRun(handle);
      const work = new ActionWork(handle, error, context);
      run.mode = ACTING;
      const subscription = from(decision as Observable<unknown>).subscribe(work);
      if (work.closed) unsubscribeReporting(handle._owner._handlers, subscription, handle);
      else run.subscription = subscription;
      return;
    }
  } catch (actionError) {
    const run = handle._run;
    if (run !== undefined && run.mode === ACTING) run.mode = IDLE;
    reportPolicyError(handle, actionError);
    failTask(handle, error);
    return;
  }
  applyAction(handle, decision, error, context);
}

function applyAction(handle: TaskHandle<unknown>, decision: unknown, error: unknown, context: OnErrorContext): void {
  if (stateOf(handle) !== RUNNING) return;
  const tracker = handle._owner;
  if (!isActionResult(decision)) {
    reportPolicyError(handle, new TypeError(`A custom error action produced ${got(decision)}; it must produce an ActionResult.`));
    failTask(handle, error);
    return;
  }
  if (decision.kind === 'continue') {
    let reschedule = false;
    try {
      reschedule = tracker._policy.shouldReschedule?.(error, context) ?? false;
    } catch (policyError) {
      reportPolicyError(handle, policyError);
    }
    decision._continue!(handle, reschedule);
  } else {
    failTask(handle, error, decision.kind === 'shutdown' ? ((decision.target as TaskOwner | undefined) ?? tracker) : undefined);
  }
}

/** Observes a custom action's async decision: its last value counts. */
class ActionWork {
  closed = false;
  private _decision: unknown = undefined;

  constructor(
    private readonly _handle: TaskHandle<unknown>,
    private readonly _error: unknown,
    private readonly _context: OnErrorContext,
  ) {}

  next(decision: unknown): void {
    this._decision = decision;
  }

  error(actionError: unknown): void {
    if (!this._end()) return;
    const handle = this._handle;
    if (stateOf(handle) !== RUNNING) return;
    reportPolicyError(handle, actionError);
    failTask(handle, this._error);
  }

  complete(): void {
    if (this._end()) applyAction(this._handle, this._decision, this._error, this._context);
  }

  /** Marks the action over; `false` if it already was. */
  private _end(): boolean {
    if (this.closed) return false;
    this.closed = true;
    const run = this._handle._run;
    if (run !== undefined && run.mode === ACTING) {
      run.mode = IDLE;
      run.subscription = undefined;
    }
    return true;
  }
}
