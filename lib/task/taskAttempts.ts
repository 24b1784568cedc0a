import type { TaskHandle } from './TaskHandle.js';
import type { TaskRun } from './TaskRun.js';
import { extrasOf } from './TaskExtras.js';

// When a task first started (for the durations of `events$` and `taskEnds$`) and
// which attempt it is on. Only listeners ask, so a task keeps its start time on
// its run while it has one (nothing allocated) and in its extras only once it
// lets go of the run before its end (a retry, an abandoned promise).

/** @internal Remembers when `handle` first started. */
export function noteStart(handle: TaskHandle<unknown>, time: number): void {
  const run = handle._run;
  if (run !== undefined) run.startedAt = time;
  else extrasOf(handle).startedAt = time;
}

/** @internal When `handle` first started, if someone listened then. */
export function startedAt(handle: TaskHandle<unknown>): number | undefined {
  return handle._run?.startedAt ?? handle._extras?.startedAt;
}

/** @internal `handle` lets go of `run`: keep its start time. */
export function keepStart(handle: TaskHandle<unknown>, run: TaskRun): void {
  if (run.startedAt !== undefined) extrasOf(handle).startedAt = run.startedAt;
}

/** @internal The attempt number of the current or next run: 1, then +1 per retry or reschedule. */
export function attemptOf(handle: TaskHandle<unknown>): number {
  return 1 + (handle._extras?.context?.restarts ?? 0);
}
