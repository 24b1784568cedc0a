import { Subject, Subscription } from 'rxjs';
import type { ScheduledTask } from '../scheduling/TaskScheduler.js';

/**
 * The tracker's stream of tasks: a Subject whose `next` goes straight to its one
 * subscriber (the scheduler). RxJS's own `Subject#next` allocates a closure per
 * call for its error context and copies its observer list on each change; for
 * a stream that carries a million tasks to one scheduler that was a tenth of the
 * cost of a task. Anything else (no subscriber, several, a future RxJS without
 * `observers`) takes the ordinary path.
 *
 * The built-in schedulers go one step further ({@link connectSink}): their sink is
 * attached as it is, without an RxJS subscriber around it, so that a task reaches
 * the scheduler in one call, and a tracker's first task does not wait for RxJS's
 * subscription machinery to be compiled (a fifth of a fresh page's first tracker).
 */
/** @internal */
export class TaskSubject extends Subject<ScheduledTask> {
  /** @internal The sink attached by {@link TaskSubject._attach}, while attached. */
  _direct: { next(task: ScheduledTask): void } | undefined = undefined;

  override next(task: ScheduledTask): void {
    const direct = this._direct;
    if (direct !== undefined) {
      direct.next(task);
      if (!this.observed) return;
    }
    const observers = this.observers as ReadonlyArray<{ next(task: ScheduledTask): void }> | undefined;
    if (observers?.length === 1 && !this.isStopped) observers[0].next(task);
    else super.next(task);
  }

  /**
   * @internal Attaches `sink` directly, or subscribes it as any observer if one is
   * attached already (a scheduler connecting twice); observers, if any, still see
   * every task after the attached sink.
   */
  _attach(sink: { next(task: ScheduledTask): void }): Subscription {
    if (this._direct !== undefined) return this.subscribe(sink);
    this._direct = sink;
    return new Subscription(() => {
      if (this._direct === sink) this._direct = undefined;
    });
  }
}
