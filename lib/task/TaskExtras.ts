import type { Subscription } from 'rxjs';
import type { CancellationToken } from '../cancellation/CancellationToken.js';
import type { ErrorContext } from './ErrorContext.js';
import type { TaskHandle } from './TaskHandle.js';

/** @internal What few tasks need: a token, a name, a timeout and its timer, a retry delay's timer, an error context, a start time, a signal followed. */
export class TaskExtras {
  token: CancellationToken | undefined = undefined;
  name: string | undefined = undefined;
  /** The current run's timeout, while armed. */
  timeoutTimer: Subscription | undefined = undefined;
  /** The wait before a retry (or a rescheduled continuation) is queued again. */
  retryTimer: Subscription | undefined = undefined;
  context: ErrorContext | undefined = undefined;
  startedAt: number | undefined = undefined;
  priority: number | undefined = undefined;
  /** The `signal` option followed, until the task ends. */
  signal: AbortSignal | undefined = undefined;
  constructor(readonly timeout: number | undefined) {}
}

/** @internal A task's extras, made on first need. */
export function extrasOf(handle: TaskHandle<unknown>): TaskExtras {
  return (handle._extras ??= new TaskExtras(undefined));
}
