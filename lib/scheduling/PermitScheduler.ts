import type { Observable, Subscription } from 'rxjs';
import { checkInteger } from '../errors/checks.js';
import { TaskSubject } from './TaskSubject.js';
import type { ScheduledTask, TaskScheduler, TaskSlot } from './TaskScheduler.js';

// The two differ only in the order their queue gives tasks back, so each keeps its
// own queue and its own hot path (`_offer`, `release`, `_drain`), which compare
// `_active` with `_limit`: the permits, or 0 while paused, so that a pause costs
// the hot path nothing.
/**
 * What {@link SemaphoreScheduler} and {@link PriorityScheduler} share: `permits`
 * slots, changed at run time, paused and resumed. Exported as a type, to name
 * either; it is not meant to be extended (write a {@link TaskScheduler} instead).
 *
 * @example
 * ```ts
 * function throttleWhenOffline(scheduler: PermitScheduler): void {
 *   window.addEventListener('offline', () => scheduler.setPermits(1));
 *   window.addEventListener('online', () => scheduler.setPermits(8));
 * }
 * ```
 * @since 0.2.0
 * @category Scheduling
 */
export abstract class PermitScheduler implements TaskScheduler, TaskSlot {
  /** @internal */ protected _permits: number;
  /** @internal `_permits`, or 0 while paused: the one number the hot path compares with. */
  protected _limit: number;
  /** @internal */ protected _active = 0;
  /** @internal Cancelled tasks still in the queue, as far as `forget` was told. */
  protected _forgotten = 0;
  /** @internal */ protected _draining = false;
  private readonly _sink = { next: (task: ScheduledTask) => this._offer(task) };

  /**
   * @param permits The number of slots.
   * @param name The class's name, for error messages.
   * @throws RangeError if `permits` is not a positive integer or `Infinity`.
   */
  protected constructor(
    permits: number,
    private readonly _name: string,
  ) {
    this._permits = this._limit = checkPermits(permits, `new ${_name}(permits)`);
  }

  /** How many slots are free right now (0 while paused). */
  availablePermits(): number {
    return this._limit === 0 ? 0 : this._permits - this._active;
  }

  /** The number of slots. */
  get permits(): number {
    return this._permits;
  }

  /**
   * Changes the number of slots. More slots start waiting tasks at once; fewer
   * slots let running tasks finish, and start no new one until the count is
   * below the new limit.
   * @throws RangeError if `permits` is not a positive integer or `Infinity`.
   *
   * @example
   * ```ts
   * scheduler.setPermits(navigator.onLine ? 8 : 1);
   * ```
   */
  setPermits(permits: number): void {
    this._permits = checkPermits(permits, `${this._name}.setPermits(permits)`);
    if (this._limit !== 0) this._limit = permits;
    this._drain();
  }

  /**
   * Stops starting tasks: running ones go on, spawning still queues. Counts as
   * no free slot, so a paused scheduler costs nothing more per task.
   *
   * @example
   * ```ts
   * window.addEventListener('offline', () => scheduler.pause());
   * window.addEventListener('online', () => scheduler.resume());
   * ```
   * @since 0.2.0
   */
  pause(): void {
    this._limit = 0;
  }

  /**
   * Starts queued tasks again, as many as there are free slots.
   * @since 0.2.0
   */
  resume(): void {
    this._limit = this._permits;
    this._drain();
  }

  /**
   * Whether {@link PermitScheduler.pause} holds it.
   * @since 0.2.0
   */
  isPaused(): boolean {
    return this._limit === 0;
  }

  /** @inheritDoc */
  connect(tasks: Observable<ScheduledTask>): Subscription {
    // A tracker's own stream hands tasks over without RxJS's Subscriber (see TaskSubject).
    return (tasks instanceof TaskSubject ? tasks.attach(this) : undefined) ?? tasks.subscribe(this._sink);
  }

  /** @inheritDoc */
  abstract forget(task: ScheduledTask): void;

  /** TaskSlot: called by a task when its work has stopped, to free its slot. */
  abstract release(task: ScheduledTask): void;

  /** @internal A task wants a slot: start it if one is free and nobody waits, else queue it. */
  abstract _offer(task: ScheduledTask): void;

  /** @internal Fills free slots from the queue. */
  protected abstract _drain(): void;
}

/** @internal Validates a number of slots. */
export function checkPermits(permits: number, where: string): number {
  return checkInteger(permits, `${where}: permits`, 1, true);
}

/** @internal For `retain`: the queued tasks not cancelled. */
export function isWaiting(task: ScheduledTask): boolean {
  return !task.isCancelled();
}
