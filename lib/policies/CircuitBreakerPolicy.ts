import type { Observable, SchedulerLike } from 'rxjs';
import type { TaskHandle } from '../task/TaskHandle.js';
import { Circuit, type CircuitState } from './breaker/Circuit.js';
import { checkDuration, checkInteger, checkScheduler, readOptions } from '../errors/checks.js';
import type { ErrorResponse } from '../protocol/ErrorResponse.js';
import { FAIL_RESPONSE } from '../protocol/PolicyAnswer.js';
import type { OnErrorContext, OnErrorPolicy, TaskOutcome } from '../protocol/OnErrorPolicy.js';

/** Options of {@link CircuitBreakerPolicy}. @category Policies */
export interface CircuitBreakerPolicyOptions {
  /**
   * How many consecutive failures open the circuit (a success in between starts
   * the count again). An integer >= 1.
   * @defaultValue `5`
   */
  readonly failureThreshold?: number;
  /**
   * How long the circuit stays open before a probe task may run, in
   * milliseconds (from 0 up to `Number.MAX_SAFE_INTEGER`).
   * @defaultValue `10_000`
   */
  readonly halfOpenAfter?: number;
  /**
   * The RxJS scheduler whose clock times `halfOpenAfter` (and runs the timer of
   * a watched `state$`).
   * @defaultValue the clock of the tracker where the circuit opened
   */
  readonly scheduler?: SchedulerLike;
}

/**
 * Stops running tasks against something that keeps failing, then tries again
 * with one task: a circuit breaker, as a tracker's `admit` gate.
 *
 * After `failureThreshold` consecutive failures the circuit opens: tasks that
 * would start (take a slot) while it is open end `rejected` with a
 * `TaskRejectedError` (reason `circuit open`) without running, so queued tasks
 * drain at once instead of waiting on a dead backend. After `halfOpenAfter` ms it
 * goes half-open: the next task to start is the probe, and the others are
 * rejected (reason `circuit half-open: a probe task is running`) until it ends.
 * The probe's success closes the circuit; its failure opens it again for
 * another `halfOpenAfter`. See {@link CircuitState}.
 *
 * ```text
 * failureThreshold 2, halfOpenAfter 5 (frames); x: rejected without running
 * task a:  -#            fails at 1: 1 failure
 * task b:  --#           fails at 2: 2 in a row, the circuit opens
 * task c:  ---x          spawned at 3, while open
 * task d:  --------^-|   spawned at 8: the probe; its success at 10 closes the circuit
 * task e:  --------x     spawned at 8 too, while the probe runs
 * state$:  c-o----h--c   (c closed, o open, h half-open)
 * ```
 *
 * It counts the errors it is asked about and answers them with `fail`, leaving
 * the decision to the policies after it in {@link composePolicies}: in front of
 * a `RetryPolicy` it counts every attempt (and a retry that would start while
 * the circuit is open is rejected), behind one only the tasks that failed for
 * good. Successes reset the count. Errors of tasks that started before the
 * circuit opened are ignored while it is open or half-open.
 *
 * Children share the circuit: `createChild()` returns a policy on the same
 * circuit, so the whole tracker tree stops together (one backend, one circuit).
 * Give a child its own `new CircuitBreakerPolicy()` through its builder for a
 * circuit of its own.
 *
 * @example
 * ```ts
 * const breaker = new CircuitBreakerPolicy({ failureThreshold: 5, halfOpenAfter: 30_000 });
 * breaker.state$.subscribe((state) => console.log('circuit', state));
 * const tracker = new TaskTracker({ concurrency: 8, errorPolicy: composePolicies(breaker, new LogOnlyPolicy()) });
 * ```
 * @category Policies
 */
export class CircuitBreakerPolicy implements OnErrorPolicy {
  /** The options in effect, defaults filled in (`scheduler` stays `undefined` when not given). */
  readonly options: Readonly<Required<Omit<CircuitBreakerPolicyOptions, 'scheduler'>> & Pick<CircuitBreakerPolicyOptions, 'scheduler'>>;
  private readonly _circuit: Circuit;

  /**
   * @throws TypeError if an option is unknown or has the wrong type.
   * @throws RangeError if `failureThreshold` is not an integer >= 1 or
   *   `halfOpenAfter` is negative or past `Number.MAX_SAFE_INTEGER` ms.
   */
  constructor(options?: CircuitBreakerPolicyOptions, /** @internal The policy this one is a child of. */ parent?: CircuitBreakerPolicy) {
    if (parent !== undefined) {
      this.options = parent.options;
      this._circuit = parent._circuit;
      return;
    }
    const where = 'new CircuitBreakerPolicy(options)';
    const o = readOptions(options, where, ['failureThreshold', 'halfOpenAfter', 'scheduler']);
    const failureThreshold = checkInteger(o.failureThreshold ?? 5, `${where}: failureThreshold`);
    const halfOpenAfter = checkDuration(o.halfOpenAfter ?? 10_000, `${where}: halfOpenAfter`, false);
    const scheduler = o.scheduler === undefined ? undefined : checkScheduler(o.scheduler, `${where}: scheduler`);
    this.options = Object.freeze({ failureThreshold, halfOpenAfter, scheduler });
    this._circuit = new Circuit(failureThreshold, halfOpenAfter, scheduler);
  }

  /**
   * The circuit's state now. An open circuit whose `halfOpenAfter` has passed
   * reads `'half-open'`: the move is made when asked, not by a timer that would
   * outlive the tracker.
   */
  get state(): CircuitState {
    return this._circuit.state;
  }

  /**
   * The circuit's state: the current one on subscribe, then each change. While
   * it has a subscriber, an open circuit keeps a timer (on `scheduler`, else the
   * tracker's clock) so that `'half-open'` is emitted on time; unsubscribe to let
   * a process exit.
   */
  get state$(): Observable<CircuitState> {
    return this._circuit.state$;
  }

  /** A policy on the same circuit. */
  createChild(): CircuitBreakerPolicy {
    return new CircuitBreakerPolicy(undefined, this);
  }

  /** Counts the error (see the class doc) and answers `fail`. */
  onError(_error: unknown, context: OnErrorContext): ErrorResponse {
    this._circuit.failure(context.taskId, this.options.scheduler ?? context.clock);
    return FAIL_RESPONSE;
  }

  /** Lets a task start unless the circuit is open, or half-open with its probe running. */
  admit(task: TaskHandle<unknown>): true | string {
    return this._circuit.admit(task.id);
  }

  /** Successes reset the count; the probe's outcome closes or re-opens the circuit. */
  onTaskEnd(task: TaskHandle<unknown>, outcome: TaskOutcome): void {
    this._circuit.ended(task.id, outcome);
  }
}
