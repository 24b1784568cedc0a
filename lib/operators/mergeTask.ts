import type { ObservableInput, ObservedValueOf, OperatorFunction } from 'rxjs';
import type { TaskContext } from '../task/TaskContext.js';
import type { TaskTracker } from '../tracker/TaskTracker.js';
import { checkCatchError, checkConcurrency, checkFlag, checkOptions, checkProject, checkSignal, checkTimeout, checkTracker, MERGE_KEYS } from './internal/operatorArgs.js';
import { MERGE, taskMerge } from './internal/TaskMerge.js';
import type { TaskOperatorOptions } from './TaskOperatorOptions.js';

/**
 * Options of {@link mergeTask}.
 *
 * @typeParam T The source's values.
 * @typeParam F What `catchError` returns (its values join the output's).
 *
 * @example
 * ```ts
 * const options: MergeTaskOptions<string> = { concurrency: 4, ordered: true, timeout: 10_000 };
 * ```
 * @category Operators
 */
export interface MergeTaskOptions<T = unknown, F extends ObservableInput<unknown> = ObservableInput<never>> extends TaskOperatorOptions<T, F> {
  /**
   * At most this many of this operator's tasks are unfinished (queued in the
   * tracker or running) at once; further source values wait inside the operator
   * and are not issued (not counted anywhere) until one of its tasks ends. A
   * positive integer or `Infinity`. The tracker's scheduler still decides what
   * runs, across everything that shares it: this bounds one pipeline's share.
   * @defaultValue `Infinity` (every value is issued at once)
   */
  readonly concurrency?: number;
  /**
   * Emit the values in source order: tasks still run concurrently, but a later
   * task's values are held until every earlier task has completed (a task's
   * failure is not held: it errors the output at once).
   * @defaultValue `false` (values are emitted as the tasks emit them, as `mergeMap`)
   */
  readonly ordered?: boolean;
}

/**
 * Runs each source value through `project` as a task of `tracker`, and emits
 * every value of every task as it comes: `mergeMap`, with the tracker's
 * scheduler as the concurrency limit (shared with everything else on it), and
 * its error policy, metrics and cancellation.
 *
 * In plain words: one task per value, values streamed out, and unsubscribing
 * cancels them all.
 *
 * ```text
 * source:   -a---b---|
 * task a:    --1-2|          project(a)
 * task b:        -3--4|      project(b)
 * output:   ---1-23--4|
 * ```
 *
 * - `project(value, index, context)` runs when its task gets a slot (at once,
 *   inside the source's emission, when one is free), with the task's
 *   {@link TaskContext}: pass its `signal` to `fetch`. It returns an ObservableInput (Promise, Observable,
 *   array…). An error policy's retry calls it again.
 * - Unsubscribing the output cancels every unfinished task (a queued one leaves
 *   the queue without starting, a running one is torn down and its signal aborts),
 *   counted `cancelled`, and tells nobody.
 * - A task that fails for good (after the error policy; `project` throwing is a
 *   failure too) errors the output with its `TaskFailedError` (a
 *   `TaskTimeoutError` for a timeout) or `TaskRejectedError`, cancels the
 *   operator's other tasks and unsubscribes the source, as `mergeMap` does with
 *   an inner error. A task that ends cancelled on its own (it returned
 *   `CancellableTaskResult.cancelled()`) errors it with its `TaskCancelledError`.
 *   With the `catchError` option, what it returns for that item takes the
 *   task's place instead, and the stream goes on (the failure still counted).
 * - A task's teardown (its finalizers) has run before the next task takes its
 *   slot or its place, and before the output completes, as with `mergeMap`.
 * - The tracker or an ancestor cancelled: the output errors with the tracker's
 *   `TaskCancelledError` and the source is unsubscribed at once, tasks in flight
 *   or not. (With a policy that shuts the tracker down on a failure, that is the
 *   error seen; its `reason` is the failure.) Subscribing when the tracker is
 *   cancelled already errors at once.
 * - The tracker closed by `join()`: the next source value errors the output
 *   with a `TrackerClosedError` (nothing is issued). A source that sends no
 *   more values completes normally once the tasks have ended.
 * - It completes when the source has completed and every task has ended.
 *
 * Where the scheduler has free slots, values and completion fall on the same
 * frames as `mergeMap(project, concurrency)`.
 *
 * @param tracker Where the tasks run.
 * @param project Makes a source value's task; `index` counts the tasks issued, from 0.
 * @param options Concurrency, order, timeout.
 *
 * @throws TypeError (when the operator is created) if `tracker` is not a
 *   tracker, `project` is not a function, or an option has the wrong type.
 * @throws RangeError (when the operator is created) if `concurrency` is not a
 *   positive integer or `Infinity`, or `timeout` is not above 0 and up to
 *   `Number.MAX_SAFE_INTEGER` ms, or `Infinity`.
 *
 * @example One item's failure or timeout does not end the stream: it becomes a value (and counts as failed)
 * ```ts
 * import { of } from 'rxjs';
 * import { mergeTask } from 'rx-task-tracker/operators';
 *
 * const rows$ = ids$.pipe(
 *   mergeTask(tracker, (id, i, { signal }) => loadRow(id, signal), {
 *     timeout: 5_000,
 *     catchError: (error, id) => of({ id, error: error.message }),
 *   }),
 * );
 * ```
 *
 * @example A data-loading pipeline: 4 requests of this pipeline in flight at most, all cancelled on unsubscribe
 * ```ts
 * import { from } from 'rxjs';
 * import { mergeTask } from 'rx-task-tracker/operators';
 *
 * const items$ = from(ids).pipe(
 *   mergeTask(tracker, (id, i, { signal }) => fetch(`/api/items/${id}`, { signal }).then((r) => r.json()), {
 *     concurrency: 4,
 *   }),
 * );
 * const subscription = items$.subscribe((item) => render(item));
 * subscription.unsubscribe(); // every request still in flight is aborted
 * ```
 *
 * @see {@link concatTask} one at a time, {@link switchTask} the latest only,
 *   {@link exhaustTask} ignore while busy.
 * @category Operators
 */
export function mergeTask<T, O extends ObservableInput<unknown>, F extends ObservableInput<unknown> = ObservableInput<never>>(
  tracker: TaskTracker,
  project: (value: T, index: number, context: TaskContext) => O,
  options?: MergeTaskOptions<T, F>,
): OperatorFunction<T, ObservedValueOf<O> | ObservedValueOf<F>> {
  const where = 'mergeTask(tracker, project, options)';
  const given = checkOptions(options, where, MERGE_KEYS);
  return taskMerge({
    tracker: checkTracker(tracker, where),
    project: checkProject(project, where),
    mode: MERGE,
    concurrency: checkConcurrency(given.concurrency, where),
    ordered: checkFlag(given.ordered, 'ordered', where),
    timeout: checkTimeout(given.timeout, where),
    signal: checkSignal(given.signal, where),
    recover: checkCatchError(given.catchError, where),
  });
}
