import type { Subscription } from 'rxjs';
import type { CancellationToken } from '../cancellation/CancellationToken.js';
import type { ErrorContext } from './ErrorContext.js';

/**
 * @internal Where a streaming task (`spawn$`, the operators) sends every value
 * and its end: `complete()` on success, `error(taskError)` otherwise. A
 * Subscriber is one. Told after the task's bookkeeping is done and its slot is
 * free, so it may spawn again at once.
 */
export interface TaskSink {
  /** A Subscriber's: `true` once it no longer wants values. */
  readonly closed?: boolean;
  next(value: unknown): void;
  error(error: unknown): void;
  complete(): void;
}

/** @internal What few tasks need: a token, a timeout, a timer, an error context, a start time, a sink. */
export class TaskExtras {
  token: CancellationToken | undefined = undefined;
  timer: Subscription | undefined = undefined;
  context: ErrorContext | undefined = undefined;
  startedAt: number | undefined = undefined;
  priority: number | undefined = undefined;
  constructor(
    readonly timeout: number | undefined,
    public sink: TaskSink | undefined,
  ) {}
}
