import type { CancellationToken } from '../cancellation/CancellationToken.js';

/**
 * What every task function is given, whatever parameters it declares: its
 * `AbortSignal` and its cancellation token, both made on first read (a task that
 * never reads them costs nothing for them). `spawn`, `spawn$` and the operators
 * (`mergeTask`, `concatTask`, `switchTask`, `exhaustTask`, as the project's third
 * argument) all pass it the same way.
 *
 * The signal aborts, with the cancellation's reason, when the task is cancelled
 * (its handle, its tracker or an ancestor, a `signal` option) or times out.
 *
 * @example
 * ```ts
 * tracker.spawn(({ signal }) => fetch('/api/user', { signal }));
 * tracker.spawn$((task) => fetch(`/api/items/${id}`, { signal: task.signal }).then((r) => r.json()));
 * ids$.pipe(mergeTask(tracker, (id, i, { signal }) => load(id, signal)));
 * ```
 *
 * @since 0.2.0
 * @category Tasks
 */
export interface TaskContext {
  /** The task's id, e.g. `task-42` (as its handle's). */
  readonly id: string;
  /** The name given by `spawn(task, { name })`, if any. */
  readonly name: string | undefined;
  /** Aborts when the task is cancelled or times out, with the reason. Made on first read. */
  readonly signal: AbortSignal;
  /** The task's cancellation token (a child of its tracker's). Made on first read. */
  readonly token: CancellationToken;
}
