import type { Observable, Subscription } from 'rxjs';
import type { ScheduledTask, TaskScheduler, TaskSlot } from './TaskScheduler.js';

/**
 * Starts every task at once, synchronously inside `spawn`: no limit, no queue.
 * Use it for trackers whose point is cancellation, join and metrics rather than
 * back-pressure, or for child trackers whose parent's scheduler you do not want
 * to share.
 *
 * @example
 * ```ts
 * const tracker = new TaskTracker(new UnlimitedScheduler(), new LogOnlyPolicy());
 * ```
 */
export class UnlimitedScheduler implements TaskScheduler, TaskSlot {
  private readonly _sink = { next: (task: ScheduledTask) => task.start(this) };

  /** @inheritDoc */
  connect(tasks: Observable<ScheduledTask>): Subscription {
    return tasks.subscribe(this._sink);
  }

  /** TaskSlot: nothing to give back. */
  release(_task: ScheduledTask): void {}
}
