import { Subscriber } from 'rxjs';
import type { TaskRun } from './TaskRun.js';

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
  /** Itself: `this` may be a wrapper (an interop Observable proxies its subscriber), this field never is. */
  private readonly _self: RunSubscriber = this;

  constructor(private readonly _run: TaskRun) {
    super();
  }

  protected override _next(value: unknown): void {
    this._run.next(value);
  }

  protected override _error(error: unknown): void {
    this._end(error, true);
  }

  protected override _complete(): void {
    this._end(undefined, false);
  }

  /** The source ended: its teardown first, then the run hears it (if a finalizer did not stop the run meanwhile). */
  private _end(error: unknown, failed: boolean): void {
    const run = this._run;
    const handle = run.handle!;
    try {
      this.unsubscribe();
    } catch (teardownError) {
      handle._tracker._reportTeardownErrors(teardownError, handle);
    }
    if (run.subscription !== this._self) return;
    if (failed) run.error(error);
    else run.complete();
  }
}
