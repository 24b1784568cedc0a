import type { Subscription } from 'rxjs';
import type { CancellationToken } from '../cancellation/CancellationToken.js';
import type { ErrorContext } from './ErrorContext.js';

/** @internal What few tasks need: a token, a name, a timeout, a timer, an error context, a start time, a signal followed. */
export class TaskExtras {
  token: CancellationToken | undefined = undefined;
  name: string | undefined = undefined;
  timer: Subscription | undefined = undefined;
  context: ErrorContext | undefined = undefined;
  startedAt: number | undefined = undefined;
  priority: number | undefined = undefined;
  /** The `signal` option followed, until the task ends. */
  signal: AbortSignal | undefined = undefined;
  constructor(readonly timeout: number | undefined) {}
}
