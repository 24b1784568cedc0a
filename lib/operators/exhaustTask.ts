import type { ObservableInput, ObservedValueOf, OperatorFunction } from 'rxjs';
import type { TaskContext } from '../task/TaskContext.js';
import type { TaskTracker } from '../tracker/TaskTracker.js';
import { checkOneAtATime } from './internal/operatorArgs.js';
import { EXHAUST, taskMerge } from './internal/TaskMerge.js';
import type { TaskOperatorOptions } from './TaskOperatorOptions.js';

/**
 * Runs a source value through `project` as a task of `tracker` only when the
 * operator has no unfinished task: values that arrive meanwhile are ignored
 * (never issued, not counted). The tracker's `exhaustMap`, for a refresh button
 * that must not stack requests.
 *
 * ```text
 * source:   -a-b---c--|
 * task a:    --1-2|          b is ignored: a is unfinished
 * task c:         --3|
 * output:   ---1-2---3|
 * ```
 *
 * Unsubscribing, failures, the tracker's cancellation and closing: as
 * {@link mergeTask}. Where the scheduler has free slots, the frames are those of
 * `exhaustMap(project)`.
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
 * @example A refresh button: clicks while a refresh runs do nothing
 * ```ts
 * const data$ = fromEvent(refreshButton, 'click').pipe(
 *   exhaustTask(tracker, (click, i, { signal }) => fetch('/api/dashboard', { signal }).then((r) => r.json())),
 * );
 * ```
 *
 * @see {@link mergeTask}
 * @category Operators
 */
export function exhaustTask<T, O extends ObservableInput<unknown>, F extends ObservableInput<unknown> = ObservableInput<never>>(
  tracker: TaskTracker,
  project: (value: T, index: number, context: TaskContext) => O,
  options?: TaskOperatorOptions<T, F>,
): OperatorFunction<T, ObservedValueOf<O> | ObservedValueOf<F>> {
  const where = 'exhaustTask(tracker, project, options)';
  return taskMerge({ ...checkOneAtATime(tracker, project, options, where), mode: EXHAUST, concurrency: 1 });
}
