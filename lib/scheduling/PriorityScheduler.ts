import { checkPermits, isWaiting, PermitScheduler } from './PermitScheduler.js';
import { TaskQueue } from './TaskQueue.js';
import type { ScheduledTask } from './TaskScheduler.js';

/**
 * Runs at most `permits` tasks at once, like {@link SemaphoreScheduler}, but a
 * waiting task with a higher `priority` (`spawn(task, { priority })`, default 0)
 * starts before one with a lower priority; equal priorities are first come,
 * first served. A retried task queues again with its priority, behind the
 * equal ones already waiting.
 *
 * The queue is one first-in first-out ring buffer per priority (a lone task
 * needs none), under a binary heap of the priorities that have waiting tasks:
 * O(1) per task plus O(log k) when a priority appears or empties, k being the
 * number of distinct priorities waiting (a handful in practice; at worst k = n,
 * O(log n)). A plain binary heap of tasks measured 3–4× a SemaphoreScheduler's
 * time per task at 100k queued; with a handful of priorities this one costs
 * about 1.5×, with a million distinct ones about 3×.
 *
 * Tasks cancelled while they wait are counted and swept out (O(n), once they
 * are half of the queue), so cancelling costs O(1) per task, amortized.
 *
 * ```text
 * permits = 1; a (priority 0) runs, then b (0), c (5), d (1) are spawned:
 * a: ^--!
 * c: ---^--!        5 overtakes
 * d: ------^--!     1 overtakes 0
 * b: ---------^--!
 * ```
 *
 * @example
 * ```ts
 * const tracker = new TaskTracker({ scheduler: PriorityScheduler.withPermits(4) });
 * tracker.spawn(() => prefetch(next));                       // priority 0
 * tracker.spawn(() => load(visible), { priority: 10 });     // goes first
 * ```
 * @since 0.2.0
 * @category Scheduling
 */
export class PriorityScheduler extends PermitScheduler {
  private _size = 0;
  /** The waiting tasks of each priority that has some: the task itself while it is alone. */
  private readonly _queues = new Map<number, ScheduledTask | TaskQueue<ScheduledTask>>();
  /** A max-heap of the keys of `_queues`. */
  private readonly _levels: number[] = [];
  /** The queue last pushed to or popped from, and its priority: most spawns share a priority. */
  private _hot: TaskQueue<ScheduledTask> | undefined = undefined;
  private _hotPriority = 0;

  /**
   * Creates a scheduler with `permits` slots.
   * @throws RangeError if `permits` is not a positive integer or `Infinity`.
   */
  constructor(permits: number) {
    super(permits, 'PriorityScheduler');
  }

  /**
   * Creates a scheduler with `permits` slots.
   * @throws RangeError if `permits` is not a positive integer or `Infinity`.
   *
   * @example
   * ```ts
   * const scheduler = PriorityScheduler.withPermits(6);
   * ```
   */
  static withPermits(permits: number): PriorityScheduler {
    return new PriorityScheduler(checkPermits(permits, 'PriorityScheduler.withPermits(permits)'));
  }

  /** How many tasks wait (cancelled ones not yet swept included). */
  get size(): number {
    return this._size;
  }

  /** @inheritDoc */
  forget(_task: ScheduledTask): void {
    if (++this._forgotten * 2 >= this._size) {
      this._forgotten = 0;
      this._sweep();
    }
  }

  /** TaskSlot: called by a task when its work has stopped, to free its slot. */
  release(_task: ScheduledTask): void {
    this._active--;
    if (this._size > 0) this._drain();
  }

  /** @internal */
  _offer(task: ScheduledTask): void {
    if (this._active < this._limit && this._size === 0) {
      this._active++;
      task.start(this);
    } else {
      this._push(task, task.priority ?? 0);
    }
  }

  /** Fills free slots, highest priority first; a loop, so a synchronous backlog cannot grow the stack. */
  protected _drain(): void {
    if (this._draining) return;
    this._draining = true;
    try {
      while (this._active < this._limit && this._size > 0) {
        const task = this._pop();
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

  private _push(task: ScheduledTask, priority: number): void {
    this._size++;
    if (priority === this._hotPriority && this._hot !== undefined) {
      this._hot.push(task);
      return;
    }
    const level = this._queues.get(priority);
    if (level === undefined) {
      // A level of one task holds it as it is: with many distinct priorities, most levels are one task.
      this._queues.set(priority, task);
      siftUp(this._levels, priority);
    } else if (level instanceof TaskQueue) {
      level.push(task);
      this._heat(priority, level);
    } else {
      const queue = new TaskQueue<ScheduledTask>(4);
      queue.push(level);
      queue.push(task);
      this._queues.set(priority, queue);
      this._heat(priority, queue);
    }
  }

  private _pop(): ScheduledTask {
    this._size--;
    const priority = this._levels[0];
    const level = priority === this._hotPriority && this._hot !== undefined ? this._hot : this._queues.get(priority)!;
    if (level instanceof TaskQueue) {
      const task = level.shift()!;
      if (level.length === 0) this._drop(priority);
      else this._heat(priority, level);
      return task;
    }
    this._drop(priority);
    return level;
  }

  /** Remembers the queue of `priority`, the one most likely to be used next. */
  private _heat(priority: number, queue: TaskQueue<ScheduledTask>): void {
    this._hotPriority = priority;
    this._hot = queue;
  }

  /** Forgets the level at the top of the heap, now empty. */
  private _drop(priority: number): void {
    this._queues.delete(priority);
    popTop(this._levels);
    if (priority === this._hotPriority) this._hot = undefined;
  }

  /** Drops cancelled tasks, and the priorities left without any (O(n)). */
  private _sweep(): void {
    let size = 0;
    for (const [priority, level] of this._queues) {
      if (level instanceof TaskQueue) {
        level.retain(isWaiting);
        if (level.length === 0) this._queues.delete(priority);
        size += level.length;
      } else if (level.isCancelled()) {
        this._queues.delete(priority);
      } else {
        size++;
      }
    }
    this._size = size;
    this._hot = undefined;
    const levels = this._levels;
    levels.length = 0;
    for (const priority of this._queues.keys()) siftUp(levels, priority);
  }
}

/** Adds `value` to the max-heap `heap`. */
function siftUp(heap: number[], value: number): void {
  let i = heap.length;
  heap.push(value);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent] >= value) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = value;
}

/** Removes the top of the max-heap `heap`. */
function popTop(heap: number[]): void {
  const last = heap.pop()!;
  const size = heap.length;
  if (size === 0) return;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= size) break;
    const right = left + 1;
    const child = right < size && heap[right] > heap[left] ? right : left;
    if (heap[child] <= last) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = last;
}
