import { Subscriber } from 'rxjs';
import type { TaskRun } from './TaskRun.js';

// How the source ended, told to the run once the source's teardown has run.
const COMPLETED = 1;
const ERRORED = 2;

/**
 * @internal The subscriber of an Observable task's run: one per observation,
 * made before subscribing, so that two things hold as they do for an inner of
 * RxJS's `mergeMap`:
 * - the run can be stopped while the source's `subscribe()` is still on the
 *   stack (a synchronous source whose value makes the consumer go away): this
 *   subscriber is closed at once, and RxJS subscribes nothing more through it
 *   (`concat` does not move on, `from([…])` stops);
 * - a source that ends has its teardown (its finalizers, `finalize()`
 *   included) run before the run hears the end, so the slot is handed on, and
 *   the consumer told, only once the work that held it has stopped.
 *
 * Being a Subscriber, RxJS uses it as it is: no SafeSubscriber around it.
 */
export class RunSubscriber extends Subscriber<unknown> {
  private _ending = 0;
  private _cause: unknown = undefined;
  /** Itself: `this` may be a wrapper (an interop Observable proxies its subscriber), this field never is. */
  private readonly _self: RunSubscriber = this;

  constructor(private readonly _run: TaskRun) {
    super();
  }

  protected override _next(value: unknown): void {
    this._run.next(value);
  }

  protected override _error(error: unknown): void {
    this._ending = ERRORED;
    this._cause = error;
    this.unsubscribe();
  }

  protected override _complete(): void {
    this._ending = COMPLETED;
    this.unsubscribe();
  }

  override unsubscribe(): void {
    if (this.closed) return;
    const ending = this._ending;
    // Stopped from outside (the run's stop()): its caller reports what a finalizer throws.
    if (ending === 0) return super.unsubscribe();
    const run = this._run;
    const handle = run.handle!;
    try {
      super.unsubscribe();
    } catch (error) {
      handle._tracker._reportTeardownErrors(error, handle);
    }
    // A finalizer may have cancelled the task meanwhile: then the run is no longer ours.
    if (run.subscription !== this._self) return;
    if (ending === COMPLETED) run.complete();
    else {
      const cause = this._cause;
      this._cause = undefined;
      run.error(cause);
    }
  }
}
