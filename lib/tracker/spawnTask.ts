import type { Observable } from 'rxjs';
import { followSignal } from '../task/followSignal.js';
import { extrasOf } from '../task/TaskExtras.js';
import { TaskHandle } from '../task/TaskHandle.js';
import { linkTask } from '../task/TaskList.js';
import type { TaskContext } from '../task/TaskContext.js';
import type { TaskSink } from '../task/taskStream.js';
import type { TaskLedger } from './TaskLedger.js';
import type { TaskTracker } from './TaskTracker.js';
import type { SpawnOptions } from './TaskTrackerOptions.js';
import { checkSpawnOptions } from './trackerChecks.js';
import { emitTaskEvent } from './trackerEvents.js';

/**
 * @internal Spawns a task of `tracker` (`tracker.spawn`, `spawnCancellable`, `spawn$`,
 * the operators, a dead letter's `retry()`): `kind` holds the flags of TaskState.ts
 * that say how to call `exec`; a `sink` makes it stream (see {@link TaskSink}).
 */
export function spawnTask(
  tracker: TaskTracker,
  exec: Observable<unknown> | ((context: TaskContext) => unknown),
  kind: number,
  options: SpawnOptions | undefined,
  sink?: TaskSink,
): TaskHandle<unknown> {
  const ledger = tracker._ledger;
  if (ledger._closed) throw ledger._closedError('spawn a task');
  const timeout = options === undefined ? undefined : checkSpawnOptions(options, 'spawn(task, options)');
  const priority = options?.priority;
  const handle = new TaskHandle<unknown>(tracker, exec, kind, timeout, sink);
  if (options?.name !== undefined) extrasOf(handle).name = options.name;
  // 0 is the default: no extras for it.
  if (priority !== undefined && priority !== 0) extrasOf(handle).priority = priority;
  linkTask(ledger, handle);
  // Counted here rather than by a method of the ledger: a call fewer per spawn is 1% of
  // a task's instructions until V8 optimizes (callgrind, 1,000 tasks).
  for (let each: TaskLedger | undefined = ledger; each !== undefined; each = each._parent) {
    each._metrics._issued++;
    each._live++;
    each._feed?.changed();
  }
  if (ledger._root._eventListeners > 0) emitTaskEvent(tracker, 'issued', handle, tracker._clock.now());
  const signal = options?.signal;
  if (signal !== undefined) {
    // Before it is offered: a task whose signal has aborted never starts.
    followSignal(handle, signal);
    if (handle.isFinished()) return handle;
  }
  // A paused tracker's task is held when its turn comes (TaskHandle.start): nothing to look at here.
  tracker._tasks.next(handle);
  return handle;
}
