import { Observable, type Subscriber, type Subscription } from 'rxjs';
import { TaskQueue } from './TaskQueue.js';
import type { ScheduledTask, TaskScheduler, TaskSlot } from './TaskScheduler.js';

/**
 * @internal What `childTrackerBuilder().concurrency(n)` gives a child: at most
 * `n` of the subtree's tasks at a time are handed on to the parent's scheduler
 * (where they take the shared slots, queued and ordered as that scheduler does);
 * the others wait here, so they never sit at the head of the shared queue and
 * the parent's other tasks flow past them.
 *
 * A task handed on travels as a {@link Forwarded} stand-in, which sees the slot
 * the parent's scheduler grants and gives it back, so the cap learns when the
 * task's work stopped. (Kept small: it is reachable from every tracker, so it is
 * in every bundle.)
 */
export class ChildCapScheduler implements TaskScheduler {
  /** Tasks handed on and not yet ended: queued in the parent's scheduler, or running. */
  private _out = 0;
  private _swept = 0;
  private _draining = false;
  private _users = 0;
  private _sink: Subscriber<ScheduledTask> | undefined;
  private _link: Subscription | undefined;
  private readonly _queue = new TaskQueue<ScheduledTask>();
  /**
   * Stand-ins left queued in the parent's scheduler, by task id (a wrapper
   * above this cap hands it stand-ins of its own, with the same ids): found
   * again when their task is cancelled, to free the cap at once.
   */
  readonly _parked = new Map<string, Forwarded>();

  constructor(
    private readonly _parent: TaskScheduler,
    private readonly _cap: number,
  ) {}

  /** @inheritDoc */
  connect(tasks: Observable<ScheduledTask>): Subscription {
    if (this._users++ === 0) this._link = this._parent.connect(new Observable<ScheduledTask>((sink) => void (this._sink = sink)));
    const subscription = tasks.subscribe({
      next: (task) => (this._out < this._cap && this._queue.length === 0 ? this._send(task) : this._queue.push(task)),
    });
    subscription.add(() => {
      if (--this._users === 0) this._link!.unsubscribe();
    });
    return subscription;
  }

  /** @inheritDoc */
  forget(task: ScheduledTask): void {
    const parked = this._parked.size === 0 ? undefined : this._parked.get(task.id);
    if (parked !== undefined) {
      // The parent's scheduler sweeps the stand-in; its place under the cap is free now.
      this._parked.delete(task.id);
      parked.task = undefined;
      this._parent.forget?.(parked);
      this._done();
    } else if (++this._swept * 2 >= this._queue.length) {
      this._swept = 0;
      this._queue.retain(isWaiting);
    }
  }

  /** @internal A task handed on ended, or was refused: hand on the next. */
  _done(): void {
    this._out--;
    if (this._draining) return;
    this._draining = true;
    try {
      const queue = this._queue;
      while (this._out < this._cap && queue.length > 0) {
        const task = queue.shift()!;
        if (!task.isCancelled()) this._send(task);
        else if (this._swept > 0) this._swept--;
      }
    } finally {
      this._draining = false;
    }
  }

  private _send(task: ScheduledTask): void {
    const forwarded = new Forwarded(this, task);
    this._out++;
    this._sink!.next(forwarded);
    // Most schedulers start it inside next(); only one left waiting there is remembered.
    if (forwarded.slot === undefined && forwarded.task !== undefined) this._parked.set(task.id, forwarded);
  }
}

/** @internal A child's task as the parent's scheduler sees it. */
class Forwarded implements ScheduledTask, TaskSlot {
  slot: TaskSlot | undefined = undefined;

  constructor(
    private readonly _cap: ChildCapScheduler,
    /** `undefined` once the cap let it go (forgotten, refused). */
    public task: ScheduledTask | undefined,
  ) {}

  get id(): string {
    return this.task?.id ?? '';
  }

  get priority(): number | undefined {
    return this.task?.priority;
  }

  isCancelled(): boolean {
    return this.task?.isCancelled() ?? true;
  }

  isHeld(): boolean {
    return this.task?.isHeld?.() === true;
  }

  start(slot: TaskSlot): void {
    const task = this.task;
    if (task === undefined) return slot.release(this);
    if (this._cap._parked.size > 0) this._cap._parked.delete(task.id);
    this.slot = slot;
    task.start(this);
  }

  reject(reason: string): void {
    const task = this.task;
    if (task === undefined) return;
    this.task = undefined;
    this._cap._parked.delete(task.id);
    task.reject(reason);
    this._cap._done();
  }

  cancel(reason: unknown): void {
    this.task?.cancel?.(reason);
  }

  /** TaskSlot: the task's work stopped: give the parent's slot back, then the cap's place. */
  release(): void {
    this.slot!.release(this);
    this._cap._done();
  }
}

function isWaiting(task: ScheduledTask): boolean {
  return !task.isCancelled();
}
