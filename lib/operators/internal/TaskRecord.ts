import type { ObservableInput, Subscription } from 'rxjs';
import type { TaskContext } from '../../task/TaskContext.js';
import type { TaskHandle } from '../../task/TaskHandle.js';
import type { TaskSink } from './core.js';
import type { TaskMerge } from './TaskMerge.js';

/**
 * @internal One task of the operator: what the task runs (`execute` calls
 * `project`) and the sink the tracker streams it into. One object instead of a
 * record and a closure, because a backlog of a million queued tasks holds a
 * million of them. `closed` (read by the tracker after each value, as a
 * Subscriber's) says the operator no longer wants it: it ended, or the
 * operator let go of it.
 */
export class TaskRecord implements TaskSink {
  /** Set once `_spawn` returns; a task that starts at once runs (and may end) before. */
  handle: TaskHandle<unknown> | undefined = undefined;
  /** What `catchError` gave for the task, while the operator is subscribed to it in the task's place. */
  recovery: Subscription | undefined = undefined;
  closed = false;
  /** Completed; in ordered mode it may still hold values. */
  done = false;
  /** Values held until every earlier task has completed (ordered mode). */
  held: unknown[] | undefined = undefined;
  older: TaskRecord | undefined = undefined;
  newer: TaskRecord | undefined = undefined;

  constructor(
    readonly merge: TaskMerge<unknown>,
    readonly value: unknown,
    readonly index: number,
  ) {}

  /** TaskSink: the output, whose teardown lets go of the task. */
  get consumer(): object {
    return this.merge._out;
  }

  /** Runs the task (and each retry of it). */
  execute(context: TaskContext): ObservableInput<unknown> {
    return this.merge._project(this.value as never, this.index, context);
  }

  next(value: unknown): void {
    if (this.closed) return;
    const merge = this.merge;
    // While a task's held values are being flushed, its new ones queue behind them.
    if (merge._ordered && (merge._oldest !== this || this.held !== undefined)) (this.held ??= []).push(value);
    else merge._out.next(value);
  }

  error(error: unknown): void {
    if (!this.closed) this.merge._taskFailed(this, error);
  }

  complete(): void {
    if (!this.closed) this.merge._taskCompleted(this);
  }
}
