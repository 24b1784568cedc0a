import type { BarOutcome, TimelineBar } from '../DevtoolsState.js';
import type { RowRecord } from './RowRecord.js';

/**
 * @internal A task the model follows: pending while in the model's map, then
 * reused as its own timeline bar (one object per task, nothing more allocated).
 */
export class TaskRecord implements TimelineBar {
  seq = 0;
  started: number | undefined = undefined;
  ended = 0;
  outcome: BarOutcome = 'success';
  running = false;
  attempts = 0;

  constructor(
    readonly taskId: string,
    readonly row: RowRecord,
    readonly issued: number,
  ) {}

  get path(): string {
    return this.row.path;
  }

  /** A plain copy, JSON-safe. */
  toBar(): TimelineBar {
    const { seq, taskId, path, issued, started, ended, outcome } = this;
    return { seq, taskId, path, issued, started, ended, outcome };
  }
}
