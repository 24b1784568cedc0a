import { Subject, Subscription } from 'rxjs';
import type { ScheduledTask } from '../scheduling/TaskScheduler.js';

/** @internal What {@link TaskSubject.attach} takes: a built-in scheduler, which takes each task with `_offer`. */
export interface TaskConsumer {
  _offer(task: ScheduledTask): void;
}

/**
 * The tracker's stream of tasks: a Subject whose `next` goes straight to its one
 * subscriber (the scheduler). RxJS's own `Subject#next` allocates a closure per
 * call for its error context and copies its observer list on each change; for
 * a stream that carries a million tasks to one scheduler that was a tenth of the
 * cost of a task. Anything else (no subscriber, several, a future RxJS without
 * `observers`) takes the ordinary path.
 *
 * The built-in schedulers go one step further with {@link TaskSubject.attach}:
 * their consumer is called directly, not through RxJS's `Subscriber` (three calls
 * per task fewer), and a fresh tracker does not run, and so compile, RxJS's
 * subscribe path: before V8 optimizes, a page's first tasks pay for every call.
 */
/** @internal */
export class TaskSubject extends Subject<ScheduledTask> {
  /** The attached consumer, told first; RxJS subscribers (if any) after it. */
  private _direct: TaskConsumer | undefined = undefined;

  override next(task: ScheduledTask): void {
    const direct = this._direct;
    const observers = this.observers as ReadonlyArray<{ next(task: ScheduledTask): void }> | undefined;
    if (direct !== undefined) {
      direct._offer(task);
      if (observers?.length === 0) return;
    }
    if (observers?.length === 1 && !this.isStopped) observers[0].next(task);
    else super.next(task);
  }

  /**
   * Connects `consumer` as {@link Subject.subscribe} would, with the same
   * unsubscription; one consumer at a time (a second one subscribes).
   */
  attach(consumer: TaskConsumer): Subscription {
    if (this._direct !== undefined || this.closed || this.isStopped) return this.subscribe((task) => consumer._offer(task));
    this._direct = consumer;
    return new Subscription(() => {
      if (this._direct === consumer) this._direct = undefined;
    });
  }
}
