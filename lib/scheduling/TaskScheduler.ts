import type { Observable, Subscription } from 'rxjs';

/**
 * The part of a task a scheduler sees: something that wants a slot.
 *
 * Contract, for scheduler authors:
 * - call {@link ScheduledTask.start} once you grant the task a slot, or
 *   {@link ScheduledTask.reject} to refuse it; never both, never twice per offer;
 * - the task calls `slot.release(task)` exactly once, when its work has stopped
 *   and its outcome is recorded; only then is the slot free again;
 * - a task cancelled while it waits answers `isCancelled()` with `true`: drop it
 *   (starting it anyway is safe: it releases the slot at once without running).
 *
 * A task can be offered again after it ran (a retry or a reschedule releases its
 * slot and queues for a new one), so never keep per-task state that assumes one
 * offer.
 * @category Scheduling
 */
export interface ScheduledTask {
  /** The task's id, for logs and for schedulers that key on it. */
  readonly id: string;
  /** The `priority` it was spawned with (`spawn(task, { priority })`), if any; higher goes first. */
  readonly priority?: number;
  /** `true` once the task no longer needs a slot (it was cancelled or has ended). */
  isCancelled(): boolean;
  /**
   * Runs the task in a slot; synchronously, so a free slot means no delay.
   * @param slot Told (`slot.release(task)`) when the work has stopped.
   */
  start(slot: TaskSlot): void;
  /**
   * Refuses the task: it ends `rejected` with a `TaskRejectedError` whose message
   * is `Task rejected: ${reason}`, without running.
   */
  reject(reason: string): void;
  /**
   * Optional: `true` while the task's tracker is paused (`tracker.pause()`).
   * Started now, it would hand its slot straight back without running, and wait
   * for `resume()`: a scheduler that counts starts (a rate limit) counts no such
   * start, and need not make it wait for one.
   *
   * @example
   * ```ts
   * if (task.isHeld?.()) task.start(slot); // parks it at once; no start to count
   * ```
   * @since 0.2.0
   */
  isHeld?(): boolean;
  /**
   * Optional: cancels the task, waiting or running, as `handle.cancel(reason)`
   * does. For a scheduler that can no longer vouch for a slot it granted (a
   * distributed lease that expired); a wrapper of tasks forwards it.
   *
   * @example
   * ```ts
   * onLeaseExpired(() => task.cancel?.('the slot was lost'));
   * ```
   * @since 0.2.0
   */
  cancel?(reason: unknown): void;
}

/** Whoever granted a slot, told when it is free again. @category Scheduling */
export interface TaskSlot {
  /** Called once per `start`, when the task's work has stopped and its outcome is recorded. */
  release(task: ScheduledTask): void;
}

/**
 * Decides when tasks run. A scheduler is a merge with a concurrency limit, in the
 * manner of `mergeMap(fn, n)`: each tracker that uses it connects its stream of
 * tasks, and the scheduler starts them when it has slots. Trackers that share one
 * scheduler instance (a parent and the children that inherit it) share its slots.
 *
 * Built in: {@link UnlimitedScheduler}, {@link SemaphoreScheduler},
 * {@link PriorityScheduler} and {@link RateLimitScheduler} (each with
 * `pause()`, `resume()` and `isPaused()`).
 *
 * @example A scheduler that runs the newest task first (LIFO), one at a time
 * ```ts
 * class LatestFirstScheduler implements TaskScheduler {
 *   private readonly waiting: ScheduledTask[] = [];
 *   private running = false;
 *   connect(tasks: Observable<ScheduledTask>): Subscription {
 *     return tasks.subscribe((task) => {
 *       this.waiting.push(task);
 *       this.next();
 *     });
 *   }
 *   release(): void {
 *     this.running = false;
 *     this.next();
 *   }
 *   private next(): void {
 *     while (!this.running && this.waiting.length > 0) {
 *       const task = this.waiting.pop()!;
 *       if (task.isCancelled()) continue;
 *       this.running = true;
 *       task.start(this);
 *     }
 *   }
 * }
 * ```
 * @category Scheduling
 */
export interface TaskScheduler {
  /**
   * Connects a tracker's stream of tasks. Called once per tracker that uses this
   * scheduler; the tracker unsubscribes when it is closed and all its tasks are
   * done.
   */
  connect(tasks: Observable<ScheduledTask>): Subscription;
  /**
   * Optional: told that a task it holds in its queue was cancelled, so it can
   * free the memory now instead of when the task reaches the head of the queue.
   */
  forget?(task: ScheduledTask): void;
}
