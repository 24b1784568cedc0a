import type { Observer } from 'rxjs';
import { got } from '../errors/describeValue.js';
import { attemptOf } from '../task/taskAttempts.js';
import type { TaskHandle } from '../task/TaskHandle.js';
import { recipeOf, type TaskRecipe } from '../task/TaskRecipe.js';
import type { ErrorResponse } from '../protocol/ErrorResponse.js';
import { FAIL_RESPONSE } from '../protocol/PolicyAnswer.js';
import type { OnErrorPolicy, TaskOutcome } from '../protocol/OnErrorPolicy.js';

/**
 * A task that failed for good, as a {@link DeadLetterPolicy} reports it. @category Policies
 * @since 0.2.0
 */
export interface DeadLetter {
  /** The failed task's id. */
  readonly taskId: string;
  /** Its tracker's path. */
  readonly path: string;
  /** Its own error (the `cause` of its `TaskFailedError`). */
  readonly error: unknown;
  /** How many times it ran (1 + its retries). */
  readonly attempts: number;
  /**
   * Spawns the same work again, as a new task on the same tracker (with the same
   * `timeout` and `priority`), and returns its handle. Each call spawns once more.
   * @throws TrackerClosedError if the tracker is closed by then.
   */
  retry(): TaskHandle<unknown>;
}

/**
 * Reports every task that fails for good to `observer.next(deadLetter)`, with a
 * `retry()` that spawns the same work again on the same tracker: the "failed
 * uploads" list with a "retry" button. It decides nothing itself (its answer is
 * `fail`): compose it with the policies that decide, in any order, since it
 * listens to outcomes (`onTaskEnd`), not errors. A task a {@link RetryPolicy}
 * retried and a {@link FallbackPolicy} rescued is not dead.
 *
 * It keeps each task's work (its function or Observable) until the task ends,
 * for `retry()`, and then only in the dead letter. Children report to the same
 * observer.
 *
 * ```text
 * composePolicies(new RetryPolicy({ retries: 1, initialDelay: 1 }), new DeadLetterPolicy(letters))
 * run 1:   ^!
 * run 2:   --^!
 * letters: ---x          x = { taskId, path, error, attempts: 2, retry }
 * ```
 *
 * @example
 * ```ts
 * const failed = new Map<string, DeadLetter>();
 * const tracker = new TaskTracker({
 *   concurrency: 4,
 *   errorPolicy: composePolicies(new RetryPolicy({ retries: 2 }), new DeadLetterPolicy((letter) => failed.set(letter.taskId, letter))),
 * });
 * retryButton.onclick = () => { for (const letter of failed.values()) letter.retry(); failed.clear(); };
 * ```
 * @since 0.2.0
 * @category Policies
 */
export class DeadLetterPolicy implements OnErrorPolicy {
  private readonly _next: (letter: DeadLetter) => void;
  private readonly _work = new WeakMap<TaskHandle<unknown>, TaskRecipe>();

  /**
   * @param observer Told of each dead task: an Observer (a Subject works) or a function.
   * @throws TypeError if `observer` is neither a function nor an object with `next`.
   */
  constructor(observer: Partial<Observer<DeadLetter>> | ((letter: DeadLetter) => void)) {
    if (typeof observer === 'function') this._next = observer;
    else if (typeof observer?.next === 'function') this._next = (letter) => observer.next!(letter);
    else throw new TypeError(`new DeadLetterPolicy(observer): observer must be a function or have next(), got ${got(observer)}`);
  }

  /** A policy reporting to the same observer. */
  createChild(): OnErrorPolicy {
    return new DeadLetterPolicy(this._next);
  }

  /** `fail`: it only reports. */
  onError(): ErrorResponse {
    return FAIL_RESPONSE;
  }

  /** Never refuses; remembers the task's work at its first start, for `retry()`. */
  admit(task: TaskHandle<unknown>): true {
    const recipe = recipeOf(task);
    if (recipe !== undefined) this._work.set(task, recipe);
    return true;
  }

  /** Sends the dead letter of a task that failed. */
  onTaskEnd(task: TaskHandle<unknown>, outcome: TaskOutcome, error: unknown): void {
    const recipe = this._work.get(task);
    this._work.delete(task);
    if (outcome !== 'failed' || recipe === undefined) return;
    this._next({ taskId: task.id, path: recipe.path, error, attempts: attemptOf(task), retry: () => recipe.rerun() });
  }
}
