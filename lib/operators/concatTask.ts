import type { ObservableInput, ObservedValueOf, OperatorFunction } from 'rxjs';
import type { TaskContext } from '../task/TaskContext.js';
import type { TaskTracker } from '../tracker/TaskTracker.js';
import { checkOneAtATime } from './internal/operatorArgs.js';
import { MERGE, taskMerge } from './internal/TaskMerge.js';
import type { TaskOperatorOptions } from './TaskOperatorOptions.js';

/**
 * Runs each source value through `project` as a task of `tracker`, one after
 * the other: {@link mergeTask} with `concurrency: 1`, the tracker's
 * `concatMap`. A value that arrives while a task is unfinished waits inside the
 * operator (not issued) until the task ends; values come out in source order.
 *
 * ```text
 * source:   -a-b------|
 * task a:    --1-2|
 * task b:         -3|      b waits for a, then runs
 * output:   ---1-2-3--|
 * ```
 *
 * Unsubscribing, failures, the tracker's cancellation and closing: as
 * {@link mergeTask}. Where the scheduler has free slots, the frames are those of
 * `concatMap(project)`.
 *
 * @param tracker Where the tasks run.
 * @param project Makes a source value's task; `index` counts the tasks issued, from 0.
 * @param options The per-task timeout; `catchError`, to go on past an item's failure.
 *
 * @throws TypeError (when the operator is created) if `tracker` is not a
 *   tracker, `project` is not a function, or `concurrency`/`ordered` are given.
 * @throws RangeError (when the operator is created) if `timeout` is not above 0 and up to
 *   `Number.MAX_SAFE_INTEGER` ms, or `Infinity`.
 *
 * @example Saves, one at a time, in the order they were made
 * ```ts
 * edits$.pipe(concatTask(tracker, (edit, i, { signal }) => save(edit, { signal }))).subscribe();
 * ```
 *
 * @see {@link mergeTask}
 * @category Operators
 */
export function concatTask<T, O extends ObservableInput<unknown>, F extends ObservableInput<unknown> = ObservableInput<never>>(
  tracker: TaskTracker,
  project: (value: T, index: number, context: TaskContext) => O,
  options?: TaskOperatorOptions<T, F>,
): OperatorFunction<T, ObservedValueOf<O> | ObservedValueOf<F>> {
  const where = 'concatTask(tracker, project, options)';
  return taskMerge({ ...checkOneAtATime(tracker, project, options, where), mode: MERGE, concurrency: 1 });
}
