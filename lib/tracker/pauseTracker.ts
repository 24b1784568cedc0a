import { subtreeOf } from './ChildRegistry.js';
import type { TaskHandle } from '../task/TaskHandle.js';
import { QUEUED, stateOf, WAITING } from '../task/TaskState.js';
import type { TaskTracker } from './TaskTracker.js';

// A paused tracker holds its subtree's queued tasks in a list of its own, out of
// the scheduler's way: a task is parked when its turn comes (it hands the slot
// straight back, to the next task in line), so spawning pays nothing for pause.
// The root counts paused trackers, so that a tree with none pays one comparison
// per task start.

/** @internal Parks `handle`, a task of `owner`, with the nearest paused tracker of `owner` and its ancestors, if any; `true` if it did. */
export function parkIfPaused(owner: TaskTracker, handle: TaskHandle<unknown>): boolean {
  for (let tracker: TaskTracker | undefined = owner; tracker !== undefined; tracker = tracker.parent) {
    const parked = tracker._parked;
    if (parked !== undefined) {
      parked.push(handle);
      return true;
    }
  }
  return false;
}

/** @internal `tracker.pause()`. */
export function pauseTracker(tracker: TaskTracker): boolean {
  if (tracker._parked !== undefined || tracker._ledger._closed) return false;
  tracker._parked = [];
  tracker._ledger._root._paused++;
  return true;
}

/** @internal `tracker.resume()`: offers the parked tasks again, in the order they were parked. */
export function resumeTracker(tracker: TaskTracker): boolean {
  const parked = tracker._parked;
  if (parked === undefined) return false;
  tracker._parked = undefined;
  tracker._ledger._root._paused--;
  // A task cancelled while parked has ended; one of a still paused ancestor parks again.
  for (const handle of parked) if (stateOf(handle) === QUEUED) handle._owner._tasks.next(handle);
  return true;
}

/** @internal Whether `tracker` or an ancestor is paused. */
export function isHeld(tracker: TaskTracker): boolean {
  if (tracker._ledger._root._paused === 0) return false;
  for (let at: TaskTracker | undefined = tracker; at !== undefined; at = at.parent) if (at._parked !== undefined) return true;
  return false;
}

/** @internal `tracker.clearQueue(reason)`: cancels the subtree's waiting tasks; how many. */
export function clearQueue(tracker: TaskTracker, reason: unknown): number {
  const waiting: TaskHandle<unknown>[] = [];
  for (const each of subtreeOf(tracker, true)) {
    for (let task = each._ledger._head; task !== undefined; task = task._next) {
      const state = stateOf(task);
      if (state === QUEUED || state === WAITING) waiting.push(task);
    }
  }
  // Gathered first: a cancel listener may end or spawn other tasks.
  let cleared = 0;
  for (const task of waiting) {
    const state = stateOf(task);
    if ((state === QUEUED || state === WAITING) && task.cancel(reason)) cleared++;
  }
  return cleared;
}
