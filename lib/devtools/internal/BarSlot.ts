import type { BarOutcome, TimelineBar } from '../DevtoolsState.js';

/**
 * @internal One slot of the timeline's ring: overwritten by each task that
 * ends (nothing is allocated per task), copied out when the state is read.
 */
export class BarSlot {
  seq = 0;
  taskId = '';
  path = '';
  issued = 0;
  started: number | undefined = undefined;
  ended = 0;
  outcome: BarOutcome = 'success';

  /** A plain copy, JSON-safe. */
  toBar(): TimelineBar {
    const { seq, taskId, path, issued, started, ended, outcome } = this;
    return { seq, taskId, path, issued, started, ended, outcome };
  }
}
