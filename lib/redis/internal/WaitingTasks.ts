import { TaskQueue } from '../../scheduling/TaskQueue.js';
import type { ScheduledTask } from '../../scheduling/TaskScheduler.js';

/** Cancelled tasks are only counted; the queue is swept once they are at least this many and half of it. */
const SWEEP_THRESHOLD = 64;

/**
 * @internal Tasks waiting in this process, first in first out. A cancelled task is
 * counted when it is forgotten and skipped when it reaches the head (or swept out
 * when most of the queue is cancelled), as in SemaphoreScheduler.
 */
export class WaitingTasks {
  private readonly _queue = new TaskQueue<ScheduledTask>();
  private _forgotten = 0;

  /** How many wait and are not cancelled. */
  get size(): number {
    return this._queue.length - this._forgotten;
  }

  push(task: ScheduledTask): void {
    this._queue.push(task);
  }

  /** One of the queued tasks was cancelled. */
  forget(): void {
    if (++this._forgotten >= SWEEP_THRESHOLD && this._forgotten * 2 >= this._queue.length) {
      this._forgotten = 0;
      this._queue.retain((task) => !task.isCancelled());
    }
  }

  /** Takes the oldest task not cancelled, if any. */
  next(): ScheduledTask | undefined {
    for (let task = this._queue.shift(); task !== undefined; task = this._queue.shift()) {
      if (!task.isCancelled()) return task;
      if (this._forgotten > 0) this._forgotten--;
    }
    return undefined;
  }

  /** Empties the queue; returns the tasks that were not cancelled. */
  drain(): ScheduledTask[] {
    const tasks: ScheduledTask[] = [];
    for (let task = this.next(); task !== undefined; task = this.next()) tasks.push(task);
    this._forgotten = 0;
    return tasks;
  }
}
