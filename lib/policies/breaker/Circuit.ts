import { Observable, Subject, type SchedulerLike, type Subscription } from 'rxjs';
import { scheduleAfter } from '../../time/scheduleAfter.js';
import type { TaskOutcome } from '../../protocol/OnErrorPolicy.js';

/**
 * Where a circuit breaker is:
 * - `'closed'`: tasks run; consecutive failures are counted, and the
 *   `failureThreshold`-th opens the circuit;
 * - `'open'`: tasks that would start are rejected (`TaskRejectedError`, reason
 *   `circuit open`) without running; after `halfOpenAfter` ms it goes half-open;
 * - `'half-open'`: the first task to start is the probe and runs; others are
 *   rejected until it ends. Its success closes the circuit, its failure opens it
 *   again; if it is cancelled or rejected, the next task to start probes instead.
 * @category Policies
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
 *
 * Why no timer for the half-open move: a timer would keep a Node process alive
 * for `halfOpenAfter` after its tracker was joined. The circuit goes half-open
 * when next asked (a task would start, `state` is read) once its clock says
 * `halfOpenAfter` has passed; only while someone watches `state$` is a timer
 * armed, so that they see the move when it happens, and it goes with their
 * subscription.
 */
export class Circuit {
  /** The state as it changes, to every `state$` subscriber. */
  private readonly _changes = new Subject<CircuitState>();
  private _internal: Internal = { state: 'closed', failures: 0 };
  /** The clock of the last failure, for a probe that fails unseen by `failure`. */
  private _clock: SchedulerLike | undefined = undefined;
  /** When the circuit last opened, by `_openClock`. */
  private _openedAt = 0;
  private _openClock: SchedulerLike | undefined = undefined;
  private _watchers = 0;
  private _timer: Subscription | undefined = undefined;

  /** The current state on subscribe, then each change (see the class doc for its timer). */
  readonly state$: Observable<CircuitState> = new Observable<CircuitState>((subscriber) => {
    subscriber.next(this.state);
    const changes = this._changes.subscribe(subscriber);
    if (this._watchers++ === 0) this._arm();
    return () => {
      changes.unsubscribe();
      if (--this._watchers === 0) this._disarm();
    };
  });

  constructor(
    private readonly _failureThreshold: number,
    private readonly _halfOpenAfter: number,
    private readonly _scheduler: SchedulerLike | undefined,
  ) {}

  /** The state now. */
  get state(): CircuitState {
    this._catchUp();
    return this._internal.state;
  }

  /** `true`, or why the task may not start. */
  admit(taskId: string): true | string {
    this._catchUp();
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
    this._catchUp();
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
    this._catchUp();
    const internal = this._internal;
    if (internal.state === 'closed') {
      if (outcome === 'success') internal.failures = 0;
    } else if (internal.state === 'half-open' && internal.probe === taskId) {
      if (outcome === 'success') this._move({ state: 'closed', failures: 0 });
      else if (outcome === 'failed') this._open();
      else internal.probe = undefined;
    }
  }

  /** An open circuit whose time is up goes half-open. */
  private _catchUp(): void {
    if (this._internal.state === 'open' && this._openClock!.now() >= this._openedAt + this._halfOpenAfter) {
      this._move({ state: 'half-open', probe: undefined });
    }
  }

  private _open(): void {
    const clock = (this._openClock = this._scheduler ?? this._clock!);
    this._openedAt = clock.now();
    this._move({ state: 'open' });
    if (this._watchers > 0) this._arm();
  }

  /** While watched and open: a timer for the half-open move, on time. */
  private _arm(): void {
    this._disarm();
    if (this._internal.state !== 'open') return;
    const clock = this._openClock!;
    const due = Math.max(0, this._openedAt + this._halfOpenAfter - clock.now());
    this._timer = scheduleAfter(clock, due, () => {
      this._timer = undefined;
      this._catchUp();
    });
  }

  private _disarm(): void {
    this._timer?.unsubscribe();
    this._timer = undefined;
  }

  private _move(next: Internal): void {
    this._internal = next;
    this._changes.next(next.state);
  }
}
