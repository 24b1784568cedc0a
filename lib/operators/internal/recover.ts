import { from, Subscriber, type ObservableInput } from 'rxjs';
import type { TaskError } from '../../errors/TaskError.js';
import type { TaskRecord } from './TaskRecord.js';
import { reportTeardownErrors } from '../../task/errorReports.js';

/** @internal The `catchError` option, as the engine calls it. */
export type CatchError = (error: TaskError, value: never, index: number) => ObservableInput<unknown>;

/**
 * @internal Replaces a task that failed for good with what `catchError` gives
 * for it, in the task's place in the operator: its values go out as the task's
 * would have, its completion is the task's, its error (or `catchError`
 * throwing) errors the output. The task has ended `failed` (or `rejected`,
 * timed out…) already, counted and told to `events$`: the replacement only
 * decides what the stream does next, as RxJS's `catchError` inside `project`.
 */
export function recover(record: TaskRecord, error: unknown, selector: CatchError): void {
  const recovery = new Recovery(record);
  // Before subscribing: the operator may let go of the task while a synchronous replacement emits.
  record.recovery = recovery;
  try {
    from(selector(error as TaskError, record.value as never, record.index)).subscribe(recovery);
  } catch (thrown) {
    if (!recovery.closed) recovery.error(thrown);
    else reportTeardownErrors(record.merge._handlers, thrown);
  }
}

/**
 * The subscriber of a replacement: a Subscriber of its own, so that letting go
 * of the task stops a synchronous replacement at once, and its teardown runs
 * before the operator hears its end (as for a task).
 */
class Recovery extends Subscriber<unknown> {
  constructor(private readonly _record: TaskRecord) {
    super();
  }

  protected override _next(value: unknown): void {
    this._record.next(value);
  }

  protected override _error(error: unknown): void {
    this._stop();
    this._record.error(error);
  }

  protected override _complete(): void {
    this._stop();
    this._record.complete();
  }

  private _stop(): void {
    try {
      this.unsubscribe();
    } catch (error) {
      reportTeardownErrors(this._record.merge._handlers, error);
    }
  }
}
