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
 * A task handed on travels as a {@link Forwarded} stand-in that sees the slot
 * the parent's scheduler grants and gives it back, so this cap learns when each
 * task ends. Stand-ins are recycled.
 */
export class ChildCapScheduler implements TaskScheduler {
  /** Tasks handed on and not yet ended: queued in the parent's scheduler, or running. */
  _out = 0;
  private readonly _queue = new TaskQueue<ScheduledTask>();
  private _forgotten = 0;
  private _draining = false;
  private _parentSink: Subscriber<ScheduledTask> | undefined = undefined;
  private _parentConnection: Subscription | undefined = undefined;
  private _connections = 0;
  /**
   * Stand-ins queued in the parent's scheduler, by task id (a wrapper above this
   * cap hands it its own stand-ins, with the same ids): to forget them when their
   * task is cancelled.
   */
  private readonly _waiting = new Map<string, Forwarded>();
  private readonly _pool: Forwarded[] = [];
  private readonly _sink = { next: (task: ScheduledTask) => this._offer(task) };

  constructor(
    private readonly _parent: TaskScheduler,
    private readonly _cap: number,
  ) {}

  /** @inheritDoc */
  connect(tasks: Observable<ScheduledTask>): Subscription {
    if (this._connections++ === 0) {
      this._parentConnection = this._parent.connect(new Observable<ScheduledTask>((subscriber) => {
        this._parentSink = subscriber;
      }));
    }
    const subscription = tasks.subscribe(this._sink);
    subscription.add(() => {
      if (--this._connections === 0) {
        this._parentSink = undefined;
        this._parentConnection?.unsubscribe();
        this._parentConnection = undefined;
      }
    });
    return subscription;
  }

  /** @inheritDoc */
  forget(task: ScheduledTask): void {
    const forwarded = this._waiting.size === 0 ? undefined : this._waiting.get(task.id);
    if (forwarded !== undefined) {
      // Queued in the parent's scheduler: the cap frees at once, the stand-in is swept there.
      this._waiting.delete(task.id);
      forwarded.task = undefined;
      forwarded.queued = forwarded.parked = false;
      this._parent.forget?.(forwarded);
      this._ended();
      return;
    }
    if (++this._forgotten * 2 >= this._queue.length) {
      this._forgotten = 0;
      this._queue.retain(isWaiting);
    }
  }

  /** @internal A stand-in's task ended (or was refused): its place under the cap is free. */
  _ended(): void {
    this._out--;
    if (this._queue.length > 0) this._drain();
  }

  /** @internal The parent's scheduler started a stand-in. */
  _started(forwarded: Forwarded): void {
    if (forwarded.parked) this._waiting.delete(forwarded.task!.id);
    forwarded.queued = forwarded.parked = false;
  }

  /** @internal */
  _recycle(forwarded: Forwarded): void {
    forwarded.task = forwarded.slot = undefined;
    if (this._pool.length < 64) this._pool.push(forwarded);
  }

  private _offer(task: ScheduledTask): void {
    if (this._out < this._cap && this._queue.length === 0) this._forward(task);
    else this._queue.push(task);
  }

  private _forward(task: ScheduledTask): void {
    const forwarded = this._pool.pop() ?? new Forwarded(this);
    forwarded.task = task;
    forwarded.queued = true;
    this._out++;
    // Most parents start it inside next(): only a stand-in left queued there is remembered.
    this._parentSink!.next(forwarded);
    if (forwarded.queued && forwarded.task === task) {
      forwarded.parked = true;
      this._waiting.set(task.id, forwarded);
    }
  }

  private _drain(): void {
    if (this._draining) return;
    this._draining = true;
    try {
      const queue = this._queue;
      while (this._out < this._cap && queue.length > 0) {
        const task = queue.shift()!;
        if (task.isCancelled()) {
          if (this._forgotten > 0) this._forgotten--;
          continue;
        }
        this._forward(task);
      }
    } finally {
      this._draining = false;
    }
  }
}

/** @internal A child's task as the parent's scheduler sees it. */
class Forwarded implements ScheduledTask, TaskSlot {
  task: ScheduledTask | undefined = undefined;
  slot: TaskSlot | undefined = undefined;
  /** Handed on and not started yet. */
  queued = false;
  /** Remembered in the cap's `_waiting`. */
  parked = false;

  constructor(private readonly _cap: ChildCapScheduler) {}

  get id(): string {
    return this.task?.id ?? 'forgotten';
  }

  get priority(): number | undefined {
    return this.task?.priority;
  }

  isCancelled(): boolean {
    return this.task === undefined || this.task.isCancelled();
  }

  start(slot: TaskSlot): void {
    const task = this.task;
    if (task === undefined) {
      // Forgotten while it waited there: the cap already let it go.
      slot.release(this);
      return;
    }
    this._cap._started(this);
    this.slot = slot;
    task.start(this);
  }

  reject(reason: string): void {
    const task = this.task;
    if (task === undefined) return;
    this._cap._started(this);
    this._cap._recycle(this);
    task.reject(reason);
    this._cap._ended();
  }

  /** TaskSlot: the task's work stopped; give the parent's slot back, then the cap's. */
  release(_task: ScheduledTask): void {
    const slot = this.slot!;
    this._cap._recycle(this);
    slot.release(this);
    this._cap._ended();
  }
}

function isWaiting(task: ScheduledTask): boolean {
  return !task.isCancelled();
}
