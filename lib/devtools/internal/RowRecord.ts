import type { MetricsSnapshot } from '../../metrics/MetricsSnapshot.js';
import type { TrackerRow } from '../DevtoolsState.js';

/** @internal One tracker's row inside the model: mutable counters, kept after the tracker is gone. */
export class RowRecord {
  issued = 0;
  started = 0;
  success = 0;
  failed = 0;
  cancelled = 0;
  rejected = 0;
  active = 0;
  queued = 0;
  timedOut = 0;
  retried = 0;
  stopping = 0;
  closed = false;
  cancelledState = false;
  /** Not listed by the last `tree()`: settled or collected. */
  gone = false;
  /** Order in which rows finished (0 while not finished): the oldest finished go first. */
  finishedSeq = 0;
  readonly children = new Set<RowRecord>();
  rateTime: number | undefined = undefined;
  rateCompleted = 0;
  throughput = 0;

  constructor(
    readonly path: string,
    readonly name: string,
    readonly depth: number,
    readonly parent: RowRecord | undefined,
  ) {
    parent?.children.add(this);
  }

  get pending(): number {
    return this.issued - this.success - this.failed - this.cancelled - this.rejected;
  }

  get completed(): number {
    return this.success + this.failed + this.cancelled + this.rejected;
  }

  /** Settled (closed, nothing pending) or gone from the tree. */
  isFinished(): boolean {
    return this.gone || (this.closed && this.pending === 0);
  }

  /** Takes exact counters and state from a `tree()` node. */
  assign(metrics: MetricsSnapshot, closed: boolean, cancelled: boolean): void {
    this.issued = metrics.issued;
    this.started = metrics.started;
    this.success = metrics.success;
    this.failed = metrics.failed;
    this.cancelled = metrics.cancelled;
    this.rejected = metrics.rejected;
    this.active = metrics.active;
    this.queued = metrics.queued;
    this.timedOut = metrics.timedOut;
    this.retried = metrics.retried;
    this.stopping = metrics.stopping;
    this.closed = closed;
    this.cancelledState = cancelled;
    this.gone = false;
  }

  /** A tracker that left the tree has nothing pending any more (a pending task keeps its tracker reachable). */
  markGone(): void {
    this.gone = true;
    this.active = 0;
    this.queued = 0;
    this.stopping = 0;
  }

  /** Updates the throughput at most once a second. */
  sample(now: number): void {
    const completed = this.completed;
    if (this.rateTime === undefined) {
      this.rateTime = now;
      this.rateCompleted = completed;
      return;
    }
    const elapsed = now - this.rateTime;
    if (elapsed < 1000) return;
    this.throughput = this.isFinished() ? 0 : ((completed - this.rateCompleted) * 1000) / elapsed;
    this.rateTime = now;
    this.rateCompleted = completed;
  }

  toRow(): TrackerRow {
    return {
      path: this.path,
      name: this.name,
      depth: this.depth,
      state: this.cancelledState ? 'cancelled' : this.closed ? 'closed' : 'open',
      finished: this.isFinished(),
      metrics: {
        issued: this.issued,
        started: this.started,
        success: this.success,
        failed: this.failed,
        cancelled: this.cancelled,
        rejected: this.rejected,
        active: this.active,
        queued: this.queued,
        pending: this.pending,
        totalCompleted: this.completed,
        timedOut: this.timedOut,
        retried: this.retried,
        stopping: this.stopping,
      },
      throughput: Math.round(this.throughput * 10) / 10,
    };
  }
}
