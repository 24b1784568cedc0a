import { got } from '../errors/describeValue.js';
import type { TaskTracker } from '../tracker/TaskTracker.js';
import type { TaskHandle } from '../task/TaskHandle.js';
import { ACTION_RESULT } from '../task/brands.js';
import { continueTask } from '../task/continueTask.js';
import type { Continuation } from './Continuation.js';

/**
 * What a custom error action ({@link OnErrorAction}) decided.
 *
 * @example
 * ```ts
 * ActionResult.continue(FailedWithContinuation.fromFn(error, () => loadFromCache(id)).continuation);
 * ```
 * @category Policies
 */
export class ActionResult {
  private static readonly _fail = new ActionResult('fail', undefined, undefined);
  private static readonly _shutdown = new ActionResult('shutdown', undefined, undefined);

  /** @internal How the tracker recognises one (see brands.ts). */
  get _brand(): string {
    return ACTION_RESULT;
  }

  /** @internal Continues `handle` with this `continue` decision's continuation (so only apps that make one ship that code). */
  _continue(handle: TaskHandle<unknown>, reschedule: boolean): void {
    continueTask(handle, this.continuation!, reschedule);
  }

  private constructor(
    /** Which decision. */
    readonly kind: 'fail' | 'shutdown' | 'continue',
    /** The work to continue with, for `continue`. */
    readonly continuation: Continuation | undefined,
    /** The tracker to cancel, for `shutdown` (`undefined`: the task's own). */
    readonly target: TaskTracker | undefined,
  ) {}

  /** The task ends failed. */
  static fail(): ActionResult {
    return ActionResult._fail;
  }

  /**
   * The task ends failed and its tracker (or `target`) is cancelled, as by
   * `tracker.cancel()`; see `ErrorResponse.shutdown`.
   */
  static shutdown(target?: TaskTracker): ActionResult {
    return target === undefined ? ActionResult._shutdown : new ActionResult('shutdown', undefined, target);
  }

  /**
   * The task goes on with `continuation`, as the same task (same id, same handle).
   * @throws TypeError if `continuation` has no `execute` method.
   */
  static continue(continuation: Continuation): ActionResult {
    if (typeof continuation?.execute !== 'function') {
      throw new TypeError(
        'ActionResult.continue(continuation): expected an object with an execute(token) method, ' +
          `got ${got(continuation)}. Use FailedWithContinuation.fromFn(error, fn).continuation to make one.`,
      );
    }
    return new ActionResult('continue', continuation, undefined);
  }
}
