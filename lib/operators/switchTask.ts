import type { ObservableInput, ObservedValueOf, OperatorFunction } from 'rxjs';
import type { TaskContext } from '../task/TaskContext.js';
import type { TaskTracker } from '../tracker/TaskTracker.js';
import { checkOneAtATime } from './internal/operatorArgs.js';
import { SWITCH, taskMerge } from './internal/TaskMerge.js';
import type { TaskOperatorOptions } from './TaskOperatorOptions.js';

/**
 * Runs the latest source value through `project` as a task of `tracker`: a new
 * value cancels the operator's unfinished task (queued or running, counted
 * `cancelled`, its signal aborts, and so its `fetch`) before it issues the new
 * one. The tracker's `switchMap`, for type-ahead.
 *
 * ```text
 * source:   -a--b-----|
 * task a:    --1-2|          cancelled at 4, when b arrives
 * task b:       --3-4|
 * output:   ---1--3-4-|
 * ```
 *
 * Unsubscribing, failures, the tracker's cancellation and closing: as
 * {@link mergeTask}. Where the scheduler has free slots, the frames are those of
 * `switchMap(project)`.
 *
 * @param tracker Where the tasks run.
 * @param project Makes a source value's task; `index` counts the source values, from 0.
 * @param options The per-task timeout; `catchError`, to go on past an item's failure.
 *
 * @throws TypeError (when the operator is created) if `tracker` is not a
 *   tracker, `project` is not a function, or `concurrency`/`ordered` are given.
 * @throws RangeError (when the operator is created) if `timeout` is not above 0 and up to
 *   `Number.MAX_SAFE_INTEGER` ms, or `Infinity`.
 *
 * @example Type-ahead: each keystroke aborts the previous search
 * ```ts
 * const results$ = query$.pipe(
 *   debounceTime(200),
 *   switchTask(tracker, (q, i, { signal }) => fetch(`/api/search?q=${encodeURIComponent(q)}`, { signal }).then((r) => r.json())),
 * );
 * ```
 *
 * @see {@link mergeTask}
 * @category Operators
 */
export function switchTask<T, O extends ObservableInput<unknown>, F extends ObservableInput<unknown> = ObservableInput<never>>(
  tracker: TaskTracker,
  project: (value: T, index: number, context: TaskContext) => O,
  options?: TaskOperatorOptions<T, F>,
): OperatorFunction<T, ObservedValueOf<O> | ObservedValueOf<F>> {
  const where = 'switchTask(tracker, project, options)';
  return taskMerge({ ...checkOneAtATime(tracker, project, options, where), mode: SWITCH, concurrency: Infinity });
}
