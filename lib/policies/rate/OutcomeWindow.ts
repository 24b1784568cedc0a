/**
 * @internal The outcomes of the last `length` milliseconds: how many tasks
 * finished and how many of them failed. An outcome recorded at time `t` counts
 * while `now - t < length`.
 *
 * Outcomes recorded at the same time share one entry, so memory is bounded by
 * the window's length in milliseconds, however many tasks end.
 */
export class OutcomeWindow {
  /** Finished tasks in the window. */
  finished = 0;
  /** Failed tasks in the window. */
  failed = 0;
  private _times: number[] = [];
  private _finished: number[] = [];
  private _failed: number[] = [];
  private _head = 0;

  constructor(readonly length: number) {}

  /** Records one outcome at `now`. */
  record(now: number, failed: boolean): void {
    this.slide(now);
    const last = this._times.length - 1;
    if (last >= this._head && this._times[last] === now) {
      this._finished[last]++;
      if (failed) this._failed[last]++;
    } else {
      this._times.push(now);
      this._finished.push(1);
      this._failed.push(failed ? 1 : 0);
    }
    this.finished++;
    if (failed) this.failed++;
  }

  /** Drops the outcomes that have left the window at `now`. */
  slide(now: number): void {
    const times = this._times;
    let head = this._head;
    while (head < times.length && now - times[head] >= this.length) {
      this.finished -= this._finished[head];
      this.failed -= this._failed[head];
      head++;
    }
    this._head = head;
    // Compact once the dropped part is the larger one: amortised O(1) per entry.
    if (head > 16 && head * 2 > times.length) {
      this._times = times.slice(head);
      this._finished = this._finished.slice(head);
      this._failed = this._failed.slice(head);
      this._head = 0;
    }
  }
}
