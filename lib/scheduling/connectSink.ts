import type { Observable, Subscription } from 'rxjs';
import type { ScheduledTask } from './TaskScheduler.js';

/**
 * @internal How the built-in schedulers connect: a tracker's task stream takes
 * their sink directly (one call per task, no RxJS subscriber to compile in a fresh
 * page); any other Observable of tasks is subscribed.
 */
export function connectSink(tasks: Observable<ScheduledTask>, sink: { next(task: ScheduledTask): void }): Subscription {
  const attach = (tasks as { _attach?: (sink: { next(task: ScheduledTask): void }) => Subscription })._attach;
  return typeof attach === 'function' ? attach.call(tasks, sink) : tasks.subscribe(sink);
}
