import { Subject, Subscription } from 'rxjs';
import type { ScheduledTask } from './TaskScheduler.js';

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
  /** The attached consumer, told first; RxJS subscribers (if any) after it. Absent until one attaches. */
  private _direct?: TaskConsumer;

  override next(task: ScheduledTask): void {
    this._direct?._offer(task);
    const observers = this.observers as ReadonlyArray<{ next(task: ScheduledTask): void }> | undefined;
    if (observers?.length === 1 && !this.isStopped) observers[0].next(task);
    else if (observers?.length !== 0) super.next(task);
  }

  /**
   * Connects `consumer` as {@link Subject.subscribe} would, with the same
   * unsubscription; one consumer at a time: `undefined` if one is attached
   * already (then subscribe).
   */
  attach(consumer: TaskConsumer): Subscription | undefined {
    if (this._direct !== undefined) return undefined;
    this._direct = consumer;
    // Runs once (a Subscription's teardown does), and no other consumer can attach before it.
    return new Subscription(() => void (this._direct = undefined));
  }
}
