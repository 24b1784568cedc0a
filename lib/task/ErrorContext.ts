import type { SchedulerLike } from 'rxjs';
import type { TaskMetrics } from '../metrics/TaskMetrics.js';
import type { OnErrorContext } from '../protocol/OnErrorPolicy.js';
import type { TaskScheduler } from '../scheduling/TaskScheduler.js';
import type { TaskHandle } from './TaskHandle.js';
import { extrasOf } from './TaskExtras.js';

/** @internal The one {@link OnErrorContext} of a task, made at its first error. */
export class ErrorContext implements OnErrorContext {
  attemptCount = 0;
  /** Runs given back and queued again (retries and reschedules). */
  restarts = 0;
  state: unknown;
  readonly taskId: string;
  readonly taskName: string | undefined;
  readonly metrics: TaskMetrics;
  readonly scheduler: TaskScheduler;
  readonly tracker: OnErrorContext['tracker'];
  readonly clock: SchedulerLike;

  constructor(handle: TaskHandle<unknown>) {
    const tracker = handle._owner;
    this.taskId = handle.id;
    this.taskName = handle.name;
    // The owner is the tracker (the one implementation of TaskOwner), which this layer does not import.
    this.tracker = tracker as unknown as OnErrorContext['tracker'];
    this.metrics = tracker.metrics();
    this.scheduler = tracker._scheduler;
    this.clock = tracker._clock;
    const policy = tracker._policy;
    this.state = policy.createContext === undefined ? undefined : policy.createContext();
  }
}

/** @internal The task's one error context, made at its first error. */
export function contextOf(handle: TaskHandle<unknown>): ErrorContext {
  const extras = extrasOf(handle);
  return (extras.context ??= new ErrorContext(handle));
}
