import type { Observable, Subscription } from 'rxjs';
import { TaskQueue } from './TaskQueue.js';
import type { ScheduledTask, TaskScheduler, TaskSlot } from './TaskScheduler.js';

/**
 * Starts every task at once, synchronously inside `spawn`: no limit, no queue
 * (except while paused). Use it for trackers whose point is cancellation, join
 * and metrics rather than back-pressure, or for child trackers whose parent's
 * scheduler you do not want to share.
 *
 * @example
 * ```ts
 * const tracker = new TaskTracker({ scheduler: new UnlimitedScheduler() });
 * ```
 * @category Scheduling
 */
export class UnlimitedScheduler implements TaskScheduler, TaskSlot {
  /** Tasks spawned while paused; `undefined` while running freely. */
  private _held: TaskQueue<ScheduledTask> | undefined = undefined;
  private _forgotten = 0;
  private readonly _sink = { next: (task: ScheduledTask) => (this._held === undefined ? task.start(this) : this._held.push(task)) };

  /** @inheritDoc */
  connect(tasks: Observable<ScheduledTask>): Subscription {
    return tasks.subscribe(this._sink);
  }

  /** TaskSlot: nothing to give back. */
  release(_task: ScheduledTask): void {}

  /** @inheritDoc */
  forget(_task: ScheduledTask): void {
    // Swept once half the queue is dead: O(1) per task, amortized.
    const held = this._held;
    if (held !== undefined && ++this._forgotten * 2 >= held.length) {
      this._forgotten = 0;
      held.retain(isWaiting);
    }
  }

  /**
   * Stops starting tasks: running ones go on, spawning still queues until
   * {@link UnlimitedScheduler.resume}.
   *
   * @example
   * ```ts
   * scheduler.pause();
   * tracker.spawn(work); // queued
   * scheduler.resume(); // starts it
   * ```
   * @since 0.2.0
   */
  pause(): void {
    this._held ??= new TaskQueue();
  }

  /**
   * Starts every task queued while paused, in order, and stops queueing.
   * @since 0.2.0
   */
  resume(): void {
    const held = this._held;
    if (held === undefined) return;
    this._held = undefined;
    this._forgotten = 0;
    for (let task = held.shift(); task !== undefined; task = held.shift()) {
      // A task started here may pause the scheduler again: the rest wait for the next resume.
      const again = this._held as TaskQueue<ScheduledTask> | undefined;
      if (again !== undefined) {
        again.push(task);
        continue;
      }
      if (!task.isCancelled()) task.start(this);
    }
  }

  /**
   * Whether {@link UnlimitedScheduler.pause} holds it.
   * @since 0.2.0
   */
  isPaused(): boolean {
    return this._held !== undefined;
  }
}

function isWaiting(task: ScheduledTask): boolean {
  return !task.isCancelled();
}
