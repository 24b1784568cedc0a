import { Subject } from 'rxjs';
import type { ScheduledTask } from '../scheduling/TaskScheduler.js';

/**
 * The tracker's stream of tasks: a Subject whose `next` goes straight to its one
 * subscriber (the scheduler). RxJS's own `Subject#next` allocates a closure per
 * call for its error context and copies its observer list on each change; for
 * a stream that carries a million tasks to one scheduler that was a tenth of the
 * cost of a task. Anything else (no subscriber, several, a future RxJS without
 * `observers`) takes the ordinary path.
 */
/** @internal */
export class TaskSubject extends Subject<ScheduledTask> {
  override next(task: ScheduledTask): void {
    const observers = this.observers as ReadonlyArray<{ next(task: ScheduledTask): void }> | undefined;
    if (observers?.length === 1 && !this.isStopped) observers[0].next(task);
    else super.next(task);
  }
}
