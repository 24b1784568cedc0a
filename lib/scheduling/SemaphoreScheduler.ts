import type { Observable, Subscription } from 'rxjs';
import { got } from '../errors/describeValue.js';
import { TaskQueue } from './TaskQueue.js';
import type { ScheduledTask, TaskScheduler, TaskSlot } from './TaskScheduler.js';

/** Tasks cancelled in the queue are only counted; the queue is swept once they are at least this many and half of it. */
const SWEEP_THRESHOLD = 64;

/**
 * Runs at most `permits` tasks at once, first come first served, across every
 * tracker that shares this instance: a parent tracker and the children that
 * inherit its scheduler draw from one pool of slots. This is `mergeMap(fn, n)`
 * shared between streams, with an O(1) queue so a backlog of a million tasks
 * costs the same per task as a backlog of ten.
 *
 * A slot is taken when a task starts and given back only once its outcome is
 * recorded and its work has stopped (a cancelled promise task keeps its slot
 * until its promise settles, because the slot guards a real resource).
 * A task that finds a free slot starts synchronously inside `spawn`.
 *
 * ```text
 * permits = 2, tasks a, b, c take 3 frames each:
 * a: ^--!
 * b: ^--!
 * c: ---^--!      c waits for a free slot
 * ```
 *
 * @example
 * ```ts
 * const tracker = new TaskTracker(SemaphoreScheduler.withPermits(4), new LogOnlyPolicy());
 * for (const url of urls) tracker.spawn(() => fetch(url)); // 4 requests in flight at most
 * await tracker.join();
 * ```
 */
export class SemaphoreScheduler implements TaskScheduler, TaskSlot {
  private _permits: number;
  /** `_permits`, or 0 while paused: the one number the hot path compares with. */
  private _limit: number;
  private _active = 0;
  private _forgotten = 0;
  private _draining = false;
  private readonly _queue = new TaskQueue<ScheduledTask>();
  private readonly _sink = { next: (task: ScheduledTask) => this._offer(task) };

  /**
   * Creates a scheduler with `permits` slots.
   * @throws RangeError if `permits` is not a positive integer or `Infinity`.
   */
  constructor(permits: number) {
    this._permits = this._limit = checkPermits(permits, 'new SemaphoreScheduler(permits)');
  }

  /**
   * Creates a scheduler with `permits` slots (the Rust `with_permits`).
   * @throws RangeError if `permits` is not a positive integer or `Infinity`.
   *
   * @example
   * ```ts
   * const scheduler = SemaphoreScheduler.withPermits(8);
   * ```
   */
  static withPermits(permits: number): SemaphoreScheduler {
    return new SemaphoreScheduler(checkPermits(permits, 'SemaphoreScheduler.withPermits(permits)'));
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
    this._permits = checkPermits(permits, 'SemaphoreScheduler.setPermits(permits)');
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
   */
  pause(): void {
    this._limit = 0;
  }

  /** Starts queued tasks again, as many as there are free slots. */
  resume(): void {
    this._limit = this._permits;
    this._drain();
  }

  /** Whether {@link SemaphoreScheduler.pause} holds it. */
  isPaused(): boolean {
    return this._limit === 0;
  }

  /** @inheritDoc */
  connect(tasks: Observable<ScheduledTask>): Subscription {
    return tasks.subscribe(this._sink);
  }

  /** @inheritDoc */
  forget(_task: ScheduledTask): void {
    if (++this._forgotten >= SWEEP_THRESHOLD && this._forgotten * 2 >= this._queue.length) {
      this._forgotten = 0;
      this._queue.retain(isWaiting);
    }
  }

  /** TaskSlot: called by a task when its work has stopped, to free its slot. */
  release(_task: ScheduledTask): void {
    this._active--;
    if (this._queue.length > 0) this._drain();
  }

  private _offer(task: ScheduledTask): void {
    if (this._active < this._limit && this._queue.length === 0) {
      this._active++;
      task.start(this);
    } else {
      this._queue.push(task);
    }
  }

  /**
   * Fills free slots from the queue. A loop, not recursion: a task that completes
   * synchronously releases its slot inside `start`, and a backlog of a million such
   * tasks must not grow the stack.
   */
  private _drain(): void {
    if (this._draining) return;
    this._draining = true;
    try {
      const queue = this._queue;
      while (this._active < this._limit && queue.length > 0) {
        const task = queue.shift()!;
        if (task.isCancelled()) {
          if (this._forgotten > 0) this._forgotten--;
          continue;
        }
        this._active++;
        task.start(this);
      }
    } finally {
      this._draining = false;
    }
  }
}

function isWaiting(task: ScheduledTask): boolean {
  return !task.isCancelled();
}

function checkPermits(permits: number, where: string): number {
  if (permits === Infinity || (Number.isInteger(permits) && permits > 0)) return permits;
  throw new RangeError(
    `${where}: permits must be a positive integer or Infinity, got ${got(permits)}`,
  );
}

