import { checkPermits, isWaiting, PermitScheduler } from './PermitScheduler.js';
import { TaskQueue } from './TaskQueue.js';
import type { ScheduledTask } from './TaskScheduler.js';

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
 * const tracker = new TaskTracker({ scheduler: SemaphoreScheduler.withPermits(4) }); // as { concurrency: 4 }
 * for (const url of urls) tracker.spawn(({ signal }) => fetch(url, { signal })); // 4 requests in flight at most
 * await tracker.join();
 * ```
 * @category Scheduling
 */
export class SemaphoreScheduler extends PermitScheduler {
  private readonly _queue = new TaskQueue<ScheduledTask>();

  /**
   * Creates a scheduler with `permits` slots.
   * @throws RangeError if `permits` is not a positive integer or `Infinity`.
   */
  constructor(permits: number) {
    super(permits, 'SemaphoreScheduler');
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

  /** @internal */
  _offer(task: ScheduledTask): void {
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
  protected _drain(): void {
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
