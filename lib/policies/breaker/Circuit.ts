import { BehaviorSubject, type SchedulerLike } from 'rxjs';
import type { TaskOutcome } from '../OnErrorPolicy.js';

/**
 * Where a circuit breaker is:
 * - `'closed'`: tasks run; consecutive failures are counted, and the
 *   `failureThreshold`-th opens the circuit;
 * - `'open'`: tasks that would start are rejected (`TaskRejectedError`, reason
 *   `circuit open`) without running; after `halfOpenAfter` ms it goes half-open;
 * - `'half-open'`: the first task to start is the probe and runs; others are
 *   rejected until it ends. Its success closes the circuit, its failure opens it
 *   again; if it is cancelled or rejected, the next task to start probes instead.
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** The reason of tasks rejected while the circuit is open. */
export const CIRCUIT_OPEN = 'circuit open';
/** The reason of tasks rejected while a half-open circuit's probe runs. */
export const CIRCUIT_PROBING = 'circuit half-open: a probe task is running';

type Internal =
  | { readonly state: 'closed'; failures: number }
  | { readonly state: 'open' }
  | { readonly state: 'half-open'; probe: string | undefined };

/**
 * @internal The state machine of a circuit breaker, shared by a
 * `CircuitBreakerPolicy` and its children. Tasks are known by id.
 */
export class Circuit {
  readonly state$: BehaviorSubject<CircuitState> = new BehaviorSubject<CircuitState>('closed');
  private _internal: Internal = { state: 'closed', failures: 0 };
  /** The clock of the last failure, for a probe that fails unseen by `failure`. */
  private _clock: SchedulerLike | undefined = undefined;

  constructor(
    private readonly _failureThreshold: number,
    private readonly _halfOpenAfter: number,
    private readonly _scheduler: SchedulerLike | undefined,
  ) {}

  /** `true`, or why the task may not start. */
  admit(taskId: string): true | string {
    const internal = this._internal;
    if (internal.state === 'closed') return true;
    if (internal.state === 'open') return CIRCUIT_OPEN;
    // A retried probe is admitted again.
    if (internal.probe === undefined || internal.probe === taskId) {
      internal.probe = taskId;
      return true;
    }
    return CIRCUIT_PROBING;
  }

  /** A task's error: counted when closed, opens the circuit for the probe. */
  failure(taskId: string, clock: SchedulerLike): void {
    this._clock = clock;
    const internal = this._internal;
    if (internal.state === 'closed') {
      if (++internal.failures >= this._failureThreshold) this._open();
    } else if (internal.state === 'half-open' && internal.probe === taskId) {
      this._open();
    }
    // Open, or half-open with another task's error: a task that started before
    // the circuit opened says nothing new.
  }

  /** How a task ended. */
  ended(taskId: string, outcome: TaskOutcome): void {
    const internal = this._internal;
    if (internal.state === 'closed') {
      if (outcome === 'success') internal.failures = 0;
    } else if (internal.state === 'half-open' && internal.probe === taskId) {
      if (outcome === 'success') this._move({ state: 'closed', failures: 0 });
      else if (outcome === 'failed') this._open();
      else internal.probe = undefined;
    }
  }

  private _open(): void {
    const clock = this._scheduler ?? this._clock!;
    this._move({ state: 'open' });
    clock.schedule(() => this._move({ state: 'half-open', probe: undefined }), this._halfOpenAfter);
  }

  private _move(next: Internal): void {
    this._internal = next;
    this.state$.next(next.state);
  }
}
