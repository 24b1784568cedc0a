import type { SchedulerLike } from 'rxjs';
import type { CancellationToken } from '../cancellation/CancellationToken.js';
import type { TaskMetrics } from '../metrics/TaskMetrics.js';
import type { OnErrorPolicy } from '../protocol/OnErrorPolicy.js';
import type { TaskScheduler } from '../scheduling/TaskScheduler.js';
import type { TaskSubject } from '../scheduling/TaskSubject.js';
import type { ErrorHandlers } from './errorReports.js';
import type { Rejection } from './Rejection.js';
import type { Executable, TaskHandle } from './TaskHandle.js';

/**
 * @internal The bookkeeping a task reports its transitions to (the tracker's
 * ledger): counters, events, the list of unfinished tasks, `join()`.
 */
export interface TaskBook {
  /** The root's book: how many trackers of the tree are paused (0: none, one comparison per start). */
  readonly _root: { readonly _paused: number };
  /** Whether the owner was cancelled: its queued tasks end without starting. */
  readonly _cancelled: boolean;
  /** The one error the handles of the cancelled owner's tasks reject with. */
  _cancelRejection(): Rejection;
  /** A task took a slot; `first` if it never ran before. */
  _taskStarted(handle: TaskHandle<unknown>, first: boolean): void;
  /** A running task gave its slot back to wait (retry) or to be queued again (reschedule). */
  _taskPaused(handle: TaskHandle<unknown>, retry: boolean, error: unknown): void;
  /** A task ended (`outcome` is one of the final states of TaskState.ts). */
  _taskEnded(handle: TaskHandle<unknown>, outcome: number, wasRunning: boolean): void;
  /** Work that outlives its task (an abandoned promise) started or stopped. */
  _workStarted(): void;
  _workStopped(): void;
}

/**
 * @internal What a task needs from the tracker that owns it: its settings, its
 * bookkeeping, where to queue it again and where to report errors. The tracker
 * implements it; this module imports nothing from the tracker's.
 */
export interface TaskOwner {
  readonly path: string;
  readonly _ledger: TaskBook;
  readonly _token: CancellationToken;
  readonly _scheduler: TaskScheduler;
  readonly _policy: OnErrorPolicy;
  readonly _clock: SchedulerLike;
  /** The timeout of each run, unless the task has its own. */
  readonly _timeout: number | undefined;
  /** Whether the policy has an `admit` gate. */
  readonly _admit: boolean;
  metrics(): TaskMetrics;
  /** Cancels the owner (a shutdown asked by a policy). */
  cancel(reason?: unknown): boolean;
  /** Spawns a task of this owner (`kind`: the flags of TaskState.ts that say how to call `exec`). */
  _spawn(exec: Executable, kind: number, options: { readonly timeout?: number; readonly priority?: number } | undefined): TaskHandle<unknown>;
  /** Whether this tracker or an ancestor is paused. */
  isPaused(): boolean;
  /** Holds `handle` back if this tracker or an ancestor is paused (it is offered again on resume); `true` if it did. */
  _park(handle: TaskHandle<unknown>): boolean;
  /** The stream its scheduler takes tasks from: a retry or a reschedule queues a task there again. */
  readonly _tasks: TaskSubject;
  /** Where errors that cannot be thrown go. */
  readonly _handlers: ErrorHandlers;
}
