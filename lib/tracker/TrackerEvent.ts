/** Fields every event has. @category Observing */
export interface TrackerEventBase {
  /** The tracker's path of names, e.g. `root/images`. */
  readonly path: string;
  /** When it happened, from the tracker's clock (an RxJS scheduler: virtual in marble tests). */
  readonly time: number;
}

/** Fields every task event has. @category Observing */
export interface TaskEventBase extends TrackerEventBase {
  /** The task's id. */
  readonly taskId: string;
}

/** A task was spawned. @category Observing */
export interface TaskIssuedEvent extends TaskEventBase {
  /** The kind of event. */
  readonly type: 'issued';
  /** The task's name, when `spawn(task, { name })` gave one (later events carry only the `taskId`). */
  readonly name?: string;
}
/** A task got a slot and runs (again, for `attempt > 1`). @category Observing */
export interface TaskStartedEvent extends TaskEventBase {
  /** The kind of event. */
  readonly type: 'started';
  /** Which run this is, counting runs, not retries: 1 for the first run, +1 for each retry or reschedule. */
  readonly attempt: number;
}
/** A task ended with a value. @category Observing */
export interface TaskSucceededEvent extends TaskEventBase {
  /** The kind of event. */
  readonly type: 'succeeded';
  /** Milliseconds from its first start, when the start was observed. */
  readonly duration: number | undefined;
}
/** A task ended failed. @category Observing */
export interface TaskFailedEvent extends TaskEventBase {
  /** The kind of event. */
  readonly type: 'failed';
  /** The task's own error (the `cause` of the handle's `TaskFailedError`). */
  readonly error: unknown;
  /** Milliseconds from its first start, when the start was observed. */
  readonly duration: number | undefined;
}
/** A task's error was answered with a retry; it runs again after `delay`. @category Observing */
export interface TaskRetriedEvent extends TaskEventBase {
  /** The kind of event. */
  readonly type: 'retried';
  /** Which run failed, counting runs, not retries: 1 for the first run. */
  readonly attempt: number;
  /** The error of the failed attempt. */
  readonly error: unknown;
}
/** A task ended cancelled. @category Observing */
export interface TaskCancelledEvent extends TaskEventBase {
  /** The kind of event. */
  readonly type: 'cancelled';
  /** The reason given to `cancel()`. */
  readonly reason: unknown;
  /** Milliseconds from its first start, when it had started and the start was observed. */
  readonly duration: number | undefined;
}
/** A task was refused by its scheduler or policy. @category Observing */
export interface TaskRejectedEvent extends TaskEventBase {
  /** The kind of event. */
  readonly type: 'rejected';
  /** Why the scheduler or the policy refused it. */
  readonly reason: string;
}
/** A child tracker was created. @category Observing */
export interface ChildCreatedEvent extends TrackerEventBase {
  /** The kind of event. */
  readonly type: 'child-created';
  /** The child's path. */
  readonly child: string;
}
/** A tracker was closed (by `join()`, `cancel()` or a shutdown): it takes no new tasks. @category Observing */
export interface TrackerClosedEvent extends TrackerEventBase {
  /** The kind of event. */
  readonly type: 'tracker-closed';
}
/** A tracker was cancelled. @category Observing */
export interface TrackerCancelledEvent extends TrackerEventBase {
  /** The kind of event. */
  readonly type: 'tracker-cancelled';
  /** The reason given to `cancel()`. */
  readonly reason: unknown;
}

/** Task lifecycle events. @category Observing */
export type TaskEvent =
  | TaskIssuedEvent
  | TaskStartedEvent
  | TaskSucceededEvent
  | TaskFailedEvent
  | TaskRetriedEvent
  | TaskCancelledEvent
  | TaskRejectedEvent;

/**
 * How a task ended: what `tracker.taskEnds$` emits (what a duration histogram
 * needs), and the last event of every task in `events$`.
 * @since 0.2.0
 * @category Observing
 */
export type TaskEndEvent = TaskSucceededEvent | TaskFailedEvent | TaskCancelledEvent | TaskRejectedEvent;

/**
 * Everything `tracker.events$` emits: task lifecycle events and tracker events,
 * told apart by `type`.
 * @category Observing
 */
export type TrackerEvent = TaskEvent | ChildCreatedEvent | TrackerClosedEvent | TrackerCancelledEvent;
