import type { Observable, Subscription } from 'rxjs';
import { got } from '../errors/describeValue.js';
import type { ScheduledTask, TaskScheduler, TaskSlot } from './TaskScheduler.js';

/**
 * Runs at most `permits` tasks at once, like {@link SemaphoreScheduler}, but a
 * waiting task with a higher `priority` (`spawn(task, { priority })`, default 0)
 * starts before one with a lower priority; equal priorities are first come,
 * first served. The queue is a binary heap: O(log n) per task. A retried task
 * queues again with its priority, behind the equal ones already waiting.
 *
 * Tasks cancelled while they wait are counted and swept out (O(n), once they
 * are half of the heap), so cancelling costs O(1) per task, amortized.
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
 * const tracker = new TaskTracker(PriorityScheduler.withPermits(4), new LogOnlyPolicy());
 * tracker.spawn(() => prefetch(next));                       // priority 0
 * tracker.spawn(() => load(visible), { priority: 10 });     // goes first
 * ```
 */
export class PriorityScheduler implements TaskScheduler, TaskSlot {
  private _permits: number;
  /** `_permits`, or 0 while paused. */
  private _limit: number;
  private _active = 0;
  private _forgotten = 0;
  private _draining = false;
  private _seq = 0;
  // The heap, as three parallel arrays: no object per queued task.
  private _size = 0;
  private _tasks: (ScheduledTask | undefined)[] = [];
  private _prio: number[] = [];
  private _order: number[] = [];
  private readonly _sink = { next: (task: ScheduledTask) => this._offer(task) };

  /**
   * Creates a scheduler with `permits` slots.
   * @throws RangeError if `permits` is not a positive integer or `Infinity`.
   */
  constructor(permits: number) {
    this._permits = this._limit = checkPermits(permits, 'new PriorityScheduler(permits)');
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

  /** How many slots are free right now (0 while paused). */
  availablePermits(): number {
    return this._limit === 0 ? 0 : this._permits - this._active;
  }

  /** The number of slots. */
  get permits(): number {
    return this._permits;
  }

  /** How many tasks wait in the heap (cancelled ones not yet swept included). */
  get size(): number {
    return this._size;
  }

  /**
   * Changes the number of slots (see {@link SemaphoreScheduler.setPermits}).
   * @throws RangeError if `permits` is not a positive integer or `Infinity`.
   */
  setPermits(permits: number): void {
    this._permits = checkPermits(permits, 'PriorityScheduler.setPermits(permits)');
    if (this._limit !== 0) this._limit = permits;
    this._drain();
  }

  /**
   * Stops starting tasks: running ones go on, spawning still queues.
   *
   * @example
   * ```ts
   * scheduler.pause();
   * ```
   */
  pause(): void {
    this._limit = 0;
  }

  /** Starts queued tasks again, highest priority first. */
  resume(): void {
    this._limit = this._permits;
    this._drain();
  }

  /** Whether {@link PriorityScheduler.pause} holds it. */
  isPaused(): boolean {
    return this._limit === 0;
  }

  /** @inheritDoc */
  connect(tasks: Observable<ScheduledTask>): Subscription {
    return tasks.subscribe(this._sink);
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

  private _offer(task: ScheduledTask): void {
    if (this._active < this._limit && this._size === 0) {
      this._active++;
      task.start(this);
    } else {
      this._push(task, task.priority ?? 0);
    }
  }

  /** Fills free slots from the heap; a loop, so a synchronous backlog cannot grow the stack. */
  private _drain(): void {
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

  /** Whether the entry at `i` goes before the one at `j`. */
  private _before(i: number, j: number): boolean {
    const a = this._prio[i];
    const b = this._prio[j];
    return a > b || (a === b && this._order[i] < this._order[j]);
  }

  private _push(task: ScheduledTask, priority: number): void {
    let i = this._size++;
    this._tasks[i] = task;
    this._prio[i] = priority;
    this._order[i] = this._seq++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this._before(i, parent)) break;
      this._swap(i, parent);
      i = parent;
    }
  }

  private _pop(): ScheduledTask {
    const top = this._tasks[0]!;
    const last = --this._size;
    this._move(last, 0);
    this._tasks[last] = undefined;
    if (last > 0) this._down(0);
    return top;
  }

  private _down(i: number): void {
    const size = this._size;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) return;
      const right = left + 1;
      const child = right < size && this._before(right, left) ? right : left;
      if (!this._before(child, i)) return;
      this._swap(i, child);
      i = child;
    }
  }

  private _move(from: number, to: number): void {
    this._tasks[to] = this._tasks[from];
    this._prio[to] = this._prio[from];
    this._order[to] = this._order[from];
  }

  private _swap(i: number, j: number): void {
    const tasks = this._tasks;
    const prio = this._prio;
    const order = this._order;
    const t = tasks[i];
    tasks[i] = tasks[j];
    tasks[j] = t;
    const p = prio[i];
    prio[i] = prio[j];
    prio[j] = p;
    const o = order[i];
    order[i] = order[j];
    order[j] = o;
  }

  /** Drops cancelled tasks and rebuilds the heap (Floyd's, O(n)). */
  private _sweep(): void {
    let kept = 0;
    for (let i = 0; i < this._size; i++) {
      if (!this._tasks[i]!.isCancelled()) this._move(i, kept++);
    }
    for (let i = kept; i < this._size; i++) this._tasks[i] = undefined;
    this._size = kept;
    if (kept * 4 < this._tasks.length && this._tasks.length > 1024) {
      // Give back the memory of a backlog that was mostly cancelled.
      this._tasks.length = this._prio.length = this._order.length = kept;
    }
    for (let i = (kept >> 1) - 1; i >= 0; i--) this._down(i);
  }
}

function checkPermits(permits: number, where: string): number {
  if (permits === Infinity || (Number.isInteger(permits) && permits > 0)) return permits;
  throw new RangeError(`${where}: permits must be a positive integer or Infinity, got ${got(permits)}`);
}
