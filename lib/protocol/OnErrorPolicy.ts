import type { SchedulerLike } from 'rxjs';
import type { TaskMetrics } from '../metrics/TaskMetrics.js';
import type { TaskScheduler } from '../scheduling/TaskScheduler.js';
import type { TaskHandle } from '../task/TaskHandle.js';
import type { TaskTracker } from '../tracker/TaskTracker.js';
import type { ErrorResponse } from './ErrorResponse.js';

/**
 * What an error policy knows about the task whose error it handles. One context
 * per task, created at the task's first error and kept for all later ones.
 * @category Policies
 */
export interface OnErrorContext<State = unknown> {
  /**
   * Which run of the task failed, counting runs, not retries: 1 at the task's
   * first error (its first run), then +1 at each later error of the same task.
   * The retries made so far are `attemptCount - 1`.
   */
  readonly attemptCount: number;
  /** The task's id. */
  readonly taskId: string;
  /**
   * The task's name, when `spawn(task, { name })` gave it one.
   * @since 0.2.0
   */
  readonly taskName?: string | undefined;
  /** Per-task state: what the policy's `createContext()` returned (`undefined` without it). */
  state: State;
  /** The metrics of the tracker the task runs in (its subtree's counts). */
  readonly metrics: TaskMetrics;
  /** The scheduler the task runs on. */
  readonly scheduler: TaskScheduler;
  /** The tracker the task runs in; `tracker.parent` leads to its ancestors. */
  readonly tracker: TaskTracker;
  /** The tracker's clock (an RxJS scheduler), for policies that measure time. */
  readonly clock: SchedulerLike;
}

/** How a task ended, as policies are told by {@link OnErrorPolicy.onTaskEnd}. @category Policies */
export type TaskOutcome = 'success' | 'failed' | 'cancelled' | 'rejected';

/**
 * Decides what happens when a task fails: this is `catchError` for a tracker. A
 * tracker asks its policy at each error of each of its tasks, and the answer (an
 * {@link ErrorResponse}) fails the task, shuts the tracker down, retries the task,
 * or hands the error to a custom action that may continue with other work.
 *
 * A child tracker gets `createChild()` of its parent's policy, so a policy decides
 * what its children share with it (a failure counter, a circuit) and what not.
 *
 * The order, at each error of a task:
 * 1. `createContext()` (the task's first error only), then `attemptCount += 1`;
 * 2. if the error is a {@link FailedWithContinuation} and `allowContinuation`
 *    allows it, the task continues with the continuation (`onError` is not called;
 *    `shouldReschedule` chooses whether it keeps its slot);
 * 3. otherwise `onError` answers.
 *
 * A policy that throws does not lose the task: the task ends failed with its own
 * error, and the policy's error is reported through the tracker's
 * `onPolicyError` option (default: `console.error`).
 *
 * @example A policy that retries network errors twice, then logs
 * ```ts
 * class RetryNetworkErrors implements OnErrorPolicy {
 *   createChild() { return new RetryNetworkErrors(); }
 *   onError(error: unknown, context: OnErrorContext) {
 *     if (error instanceof TypeError && context.attemptCount <= 2) {
 *       return ErrorResponse.retry({ delay: 100 * context.attemptCount });
 *     }
 *     console.warn(`task ${context.taskId} failed`, error);
 *     return ErrorResponse.fail();
 *   }
 * }
 * ```
 * @category Policies
 */
export interface OnErrorPolicy {
  /** The policy for a child tracker that does not get one of its own. */
  createChild(): OnErrorPolicy;
  /** Per-task state, made at the task's first error; it becomes `context.state`. */
  createContext?(): unknown;
  /** Decides what to do with a task's error. */
  onError(error: unknown, context: OnErrorContext): ErrorResponse;
  /** Whether a {@link FailedWithContinuation} may continue (default `true`); asked at every error. */
  allowContinuation?(error: unknown, context: OnErrorContext): boolean;
  /**
   * Whether a continuation should give its slot back and queue for a new one
   * (default `false`: it runs at once in the slot it has).
   */
  shouldReschedule?(error: unknown, context: OnErrorContext): boolean;
  /**
   * Optional gate, asked right before a task of this policy's tracker takes a
   * slot. Return `true` to let it run, or a string, the reason, to reject it: the
   * task ends `rejected` with a `TaskRejectedError` without running. A circuit
   * breaker uses it.
   */
  admit?(task: TaskHandle<unknown>): true | string;
  /**
   * Optional: told how each task of this policy's tracker ended, after the outcome
   * is recorded. `error` is the task's own error for `failed`, the reason for
   * `cancelled` and `rejected`, `undefined` for `success`.
   */
  onTaskEnd?(task: TaskHandle<unknown>, outcome: TaskOutcome, error: unknown): void;
}
