import type { TaskHandle } from './TaskHandle.js';

// The states of a task and the moves between them. Only lib/task/ moves a task:
// each arrow is one method or step, named here.
//
//   QUEUED ──start (TaskHandle.start, mayRun)──▶ RUNNING
//   QUEUED ──the scheduler or the admission gate refuses (reject, mayRun)──▶ REJECTED
//   RUNNING ──the work ends with a value (_complete)──▶ SUCCESS
//   RUNNING ──the work fails or times out (_fail, armTimeout → handleTaskError):
//       the policy answers fail/shutdown ──▶ FAILED
//       retry, or a continuation rescheduled (pause) ──▶ WAITING ──the delay is over (requeue)──▶ QUEUED
//       a continuation in the same slot (continueTask) ──▶ RUNNING
//       a custom action (runErrorAction) decides later, the task stays RUNNING meanwhile
//   QUEUED, RUNNING, WAITING ──cancel (_cancel: the handle, its token, its tracker)──▶ CANCELLED
//
// SUCCESS, FAILED, CANCELLED and REJECTED are final: the handle settles once, on
// entering one. The state and the flags share one number (`TaskHandle._state`):
// a million queued tasks are a million handles, and every field counts.

/** Where a task is in its life. @category Tasks */
export type TaskStatus = 'queued' | 'running' | 'retrying' | 'success' | 'failed' | 'cancelled' | 'rejected';

// States, in the low bits. Everything from SUCCESS on is final.
/** @internal */ export const QUEUED = 0;
/** @internal */ export const RUNNING = 1;
/** @internal Waiting for a retry delay, without a slot. */ export const WAITING = 2;
/** @internal */ export const SUCCESS = 3;
/** @internal */ export const FAILED = 4;
/** @internal */ export const CANCELLED = 5;
/** @internal */ export const REJECTED = 6;
/** @internal The mask of the state bits. */ export const STATE = 7;

/** @internal The status of each state. */
export const STATUS: readonly TaskStatus[] = ['queued', 'running', 'retrying', 'success', 'failed', 'cancelled', 'rejected'];

// Flags, above the state bits.
/** @internal Got a slot at least once. */ export const STARTED = 8;
/** @internal The executable takes the task's token (spawnCancellable, continuations). */ export const TOKEN_ARG = 16;
/** @internal The executable is a Continuation object. */ export const CONTINUATION = 32;
/** @internal Inside the continuation loop. */ export const IN_RUN = 64;
/** @internal A continuation asked to run again from inside the loop. */ export const RERUN = 128;
/** @internal A streaming task's last value came from a promise or a plain value: its sink has not seen it. */
export const SEND_VALUE = 256;
/** @internal A streaming task (`spawn$`, the operators): its handle's `_end` is a sink, not a resolve function. */
export const STREAM = 512;

/** @internal Kinds of `spawn` input, as flags. */
export const TASK_PLAIN = 0;
/** @internal */
export const TASK_CANCELLABLE = TOKEN_ARG;

/** @internal Where `handle` is: one of the states above. */
export function stateOf(handle: TaskHandle<unknown>): number {
  return handle._state & STATE;
}

/** @internal The outcome of an ended task: its value, or the TaskError its handle rejects with. */
export function outcomeOf(handle: TaskHandle<unknown>): unknown {
  return handle._stage;
}

/** @internal Moves `handle` to `state`, keeping its flags. */
export function moveTo(handle: TaskHandle<unknown>, state: number): void {
  handle._state = (handle._state & ~STATE) | state;
}
