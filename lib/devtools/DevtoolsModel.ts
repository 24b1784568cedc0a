import { asyncScheduler, type SchedulerLike, Subscription } from 'rxjs';
import type { TaskTracker } from '../tracker/TaskTracker.js';
import type { TrackerEvent } from '../tracker/TrackerEvent.js';
import type { TrackerTree } from '../tracker/TrackerTree.js';
import type { DevtoolsState, FailureEntry, TimelineBar, TrackerRow } from './DevtoolsState.js';
import { describeError } from './internal/describeError.js';
import { findTracker } from './internal/findTracker.js';
import { RowRecord } from './internal/RowRecord.js';
import { BarSlot } from './internal/BarSlot.js';
import { checkDuration, checkInteger, checkScheduler, fail, readOptions } from '../errors/checks.js';

/**
 * How many pending tasks the timeline remembers the issue time of: a burst of
 * 100,000 spawns must not cost a map of 100,000 entries. Tasks past it are drawn
 * from their start, without their wait in the queue.
 */
const MAX_FOLLOWED = 4096;

/**
 * Options of {@link DevtoolsModel} (and of the panel, which passes them on).
 *
 * @example
 * ```ts
 * const model = new DevtoolsModel(root, { maxFinishedRows: 50, windowMs: 30_000 });
 * ```
 * @since 0.2.0
 * @category Devtools
 */
export interface DevtoolsModelOptions {
  /** How many finished trackers' rows to keep; the oldest finished go first. Open trackers are never dropped. @defaultValue 200 */
  readonly maxFinishedRows?: number;
  /** How many milliseconds the timeline spans. @defaultValue 10000 */
  readonly windowMs?: number;
  /** At most this many bars on the timeline (the newest). @defaultValue 1000 */
  readonly maxBars?: number;
  /** At most this many entries in the failure log (the newest). @defaultValue 200 */
  readonly maxFailures?: number;
  /** The clock of the timeline's right edge. @defaultValue the tracker's events' clock: RxJS `asyncScheduler` */
  readonly clock?: SchedulerLike;
}

/** @internal The options {@link DevtoolsModel} takes; an unknown one is refused. */
export const DEVTOOLS_MODEL_OPTIONS: readonly string[] = ['maxFinishedRows', 'windowMs', 'maxBars', 'maxFailures', 'clock'];

/**
 * The devtools' data layer, without any DOM: follows a tracker's `events$`
 * and reads its `tree()`, and keeps a row per tracker it has seen (with its
 * last known state and counts, also after the tracker settles or the garbage
 * collector takes it: trackers hold their children weakly, so `tree()` alone
 * would lose them), a timeline of the tasks that ended in the last seconds and
 * a failure log, all bounded. The panel draws it; use it directly for a view
 * of your own or a test.
 *
 * Connected, it costs one `events$` subscriber (the tracker builds an event per
 * step of each task) plus a little bookkeeping per event; not connected, nothing.
 *
 * @example
 * ```ts
 * const model = new DevtoolsModel(root);
 * const connection = model.connect(() => scheduleRedraw());
 * // … later, in the redraw:
 * const { rows, bars, failures } = model.state();
 * connection.unsubscribe(); // stops following; the rows stay
 * ```
 * @since 0.2.0
 * @category Devtools
 */
export class DevtoolsModel {
  private readonly _maxFinished: number;
  private readonly _windowMs: number;
  private readonly _maxBars: number;
  private readonly _maxFailures: number;
  private readonly _clock: SchedulerLike;
  private readonly _rows = new Map<string, RowRecord>();
  private readonly _top: RowRecord;
  /** Finished rows, oldest first (a Map keeps insertion order). */
  private readonly _finished = new Map<RowRecord, true>();
  private _finishedSeq = 0;
  /** When each followed pending task was issued (at most MAX_FOLLOWED of them). */
  private readonly _issuedAt = new Map<string, number>();
  /** Tasks waiting for a retry. */
  private readonly _paused = new Set<string>();
  /** Attempts of tasks that ran more than once. */
  private readonly _attempts = new Map<string, number>();
  private readonly _bars: (BarSlot | undefined)[];
  private _barSeq = 0;
  private readonly _failures: FailureEntry[] = [];
  private _failureSeq = 0;
  private _connection: Subscription | undefined = undefined;
  private _onChange: (() => void) | undefined = undefined;
  private _newRows = 0;
  private _lastPath: string | undefined = undefined;
  private _lastRow: RowRecord | undefined = undefined;

  /**
   * @param tracker The tracker to follow, with its descendants.
   * @throws TypeError if an option is unknown or has the wrong type.
   * @throws RangeError if a bound in `options` is not an integer >= 1 (>= 0 for `maxFinishedRows`), or `windowMs`
   *   is not a number of milliseconds above 0, up to `Number.MAX_SAFE_INTEGER`.
   */
  constructor(
    /** The tracker the model follows. */
    readonly tracker: TaskTracker,
    options?: DevtoolsModelOptions,
  ) {
    const where = 'new DevtoolsModel(tracker, options)';
    if (typeof tracker?.tree !== 'function') fail(`${where}: tracker`, 'a TaskTracker', tracker);
    const o = readOptions(options, where, DEVTOOLS_MODEL_OPTIONS);
    this._maxFinished = checkInteger(o.maxFinishedRows ?? 200, `${where}: maxFinishedRows`, 0);
    this._maxBars = checkInteger(o.maxBars ?? 1000, `${where}: maxBars`);
    this._maxFailures = checkInteger(o.maxFailures ?? 200, `${where}: maxFailures`);
    this._windowMs = checkDuration(o.windowMs ?? 10_000, `${where}: windowMs`, true);
    this._clock = checkScheduler(o.clock ?? asyncScheduler, `${where}: clock`);
    this._bars = new Array(this._maxBars).fill(undefined);
    this._top = new RowRecord(tracker.path, tracker.name, 0, undefined);
    this._rows.set(tracker.path, this._top);
  }

  /** Whether the model follows its tracker now. */
  get connected(): boolean {
    return this._connection !== undefined;
  }

  /**
   * Starts following the tracker: reads `tree()` for the current counts, then
   * every event as it happens. `onChange` is called after each change (cheap:
   * schedule a redraw there, do not draw). Unsubscribe to stop; the rows stay.
   *
   * @throws Error if the model is connected already.
   */
  connect(onChange?: () => void): Subscription {
    if (this._connection !== undefined) throw new Error('DevtoolsModel.connect(): already connected; unsubscribe the first connection');
    this._onChange = onChange;
    this._refresh();
    const connection = new Subscription(() => {
      this._connection = undefined;
      this._onChange = undefined;
      // Tasks in flight are no longer followed.
      this._issuedAt.clear();
      this._paused.clear();
      this._attempts.clear();
    });
    this._connection = connection;
    connection.add(this.tracker.events$.subscribe((event) => this._onEvent(event)));
    return connection;
  }

  /**
   * The rows, the timeline and the failure log now: rows of trackers still in
   * `tree()` get their exact current counts; the others are finished.
   */
  state(): DevtoolsState {
    this._refresh();
    const now = this._clock.now();
    const rows: TrackerRow[] = [];
    const stack: RowRecord[] = [this._top];
    while (stack.length > 0) {
      const row = stack.pop()!;
      row.sample(now);
      rows.push(row.toRow());
      const children = [...row.children];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
    return { now, windowMs: this._windowMs, rows, bars: this._barsSince(now - this._windowMs), failures: this._failures.slice() };
  }

  /** Forgets the finished rows (but the observed tracker's), the timeline and the failure log. */
  clear(): void {
    for (const row of [...this._finished.keys()]) if (row !== this._top) this._drop(row);
    this._bars.fill(undefined);
    this._failures.length = 0;
    this._onChange?.();
  }

  /**
   * Cancels the tracker at `path` (the observed one or a descendant still alive).
   *
   * @returns `true` if this call cancelled it; `false` if it is gone or was cancelled already.
   */
  cancel(path: string, reason: unknown = 'cancelled from the devtools'): boolean {
    return findTracker(this.tracker, path)?.cancel(reason) ?? false;
  }

  // ---------------------------------------------------------------- internals

  private _onEvent(event: TrackerEvent): void {
    switch (event.type) {
      case 'issued': {
        for (let r: RowRecord | undefined = this._row(event.path); r !== undefined; r = r.parent) {
          r.issued++;
          r.queued++;
        }
        // Issue times for the timeline's queue segment, of a bounded number of pending tasks.
        if (this._issuedAt.size < MAX_FOLLOWED) this._issuedAt.set(event.taskId, event.time);
        break;
      }
      case 'started': {
        const first = event.attempt === 1;
        if (!first) this._attempts.set(event.taskId, event.attempt);
        // A retried task waited in the queue; a rescheduled one starts again without a pause event.
        if (first || this._paused.delete(event.taskId)) {
          for (let r: RowRecord | undefined = this._row(event.path); r !== undefined; r = r.parent) {
            r.queued--;
            r.active++;
            if (first) r.started++;
          }
        }
        break;
      }
      case 'retried':
        this._paused.add(event.taskId);
        for (let r: RowRecord | undefined = this._row(event.path); r !== undefined; r = r.parent) {
          r.active--;
          r.queued++;
          r.retried++;
        }
        break;
      case 'succeeded':
      case 'failed':
      case 'cancelled':
      case 'rejected':
        this._ended(event);
        break;
      case 'child-created':
        this._row(event.child);
        if (++this._newRows >= 256) {
          this._newRows = 0;
          this._refresh();
        }
        break;
      case 'tracker-closed':
        this._row(event.path).closed = true;
        break;
      case 'tracker-cancelled': {
        const row = this._row(event.path);
        row.closed = true;
        row.cancelledState = true;
        break;
      }
    }
    this._onChange?.();
  }

  private _ended(event: Extract<TrackerEvent, { type: 'succeeded' | 'failed' | 'cancelled' | 'rejected' }>): void {
    const { taskId, time } = event;
    const duration = event.type === 'rejected' ? undefined : event.duration;
    // Small sets, empty but for retried tasks: look them up only when there is something in them.
    const paused = this._paused.size > 0 && this._paused.delete(taskId);
    const running = duration !== undefined && !paused;
    const timedOut = event.type === 'failed' && isTimeout(event.error, taskId);
    for (let r: RowRecord | undefined = this._row(event.path); r !== undefined; r = r.parent) {
      if (event.type === 'succeeded') r.success++;
      else if (event.type === 'failed') r.failed++;
      else if (event.type === 'cancelled') r.cancelled++;
      else r.rejected++;
      if (running) r.active--;
      else r.queued--;
      if (timedOut) r.timedOut++;
    }
    let issued: number | undefined;
    if (this._issuedAt.size > 0) {
      issued = this._issuedAt.get(taskId);
      if (issued !== undefined) this._issuedAt.delete(taskId);
    }
    const attempts = this._attempts.size > 0 ? this._attempts.get(taskId) : undefined;
    if (attempts !== undefined) this._attempts.delete(taskId);
    const started = duration === undefined ? undefined : time - duration;
    const seq = ++this._barSeq;
    const slot = (this._bars[seq % this._maxBars] ??= new BarSlot());
    slot.seq = seq;
    slot.taskId = taskId;
    slot.path = event.path;
    slot.issued = issued ?? started ?? time;
    slot.started = started;
    slot.ended = time;
    slot.outcome = event.type === 'succeeded' ? 'success' : event.type;
    if (event.type === 'failed') {
      const failures = this._failures;
      failures.push({ seq: ++this._failureSeq, taskId, path: event.path, message: describeError(event.error), attempts: attempts ?? 1, time });
      if (failures.length > this._maxFailures) failures.shift();
    }
  }

  /** The row at `path`, made (with its missing ancestors) on first sight. */
  private _row(path: string): RowRecord {
    // Events of one tracker come in runs, with the very same path string: skip the map then.
    if (path === this._lastPath && this._lastRow !== undefined) return this._lastRow;
    const known = this._rows.get(path);
    if (known !== undefined) {
      this._lastPath = path;
      this._lastRow = known;
      return known;
    }
    const cut = path.lastIndexOf('/');
    if (cut < 0) return this._top; // not under the observed tracker: never sent by its events$
    const parent = this._row(path.slice(0, cut));
    const row = new RowRecord(path, path.slice(cut + 1), parent.depth + 1, parent);
    this._rows.set(path, row);
    return row;
  }

  /** Exact counts for the trackers in `tree()`; the others are gone. Then the history's bound. */
  private _refresh(): void {
    const seen = new Set<RowRecord>();
    const stack: TrackerTree[] = [this.tracker.tree()];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const row = this._row(node.path);
      row.assign(node.metrics, node.closed, node.cancelled);
      seen.add(row);
      for (const child of node.children) stack.push(child);
    }
    for (const row of this._rows.values()) {
      if (!seen.has(row) && !row.gone) row.markGone();
      if (row.finishedSeq === 0 && row.isFinished()) {
        row.finishedSeq = ++this._finishedSeq;
        this._finished.set(row, true);
      }
    }
    let excess = this._finished.size - (this._finished.has(this._top) ? 1 : 0) - this._maxFinished;
    for (const row of this._finished.keys()) {
      if (excess <= 0) break;
      if (row === this._top || !this._rows.has(row.path)) continue;
      excess -= this._drop(row);
    }
  }

  /** Forgets `row` and its subtree (all finished: a child keeps its parent reachable); returns how many finished rows went. */
  private _drop(row: RowRecord): number {
    let dropped = 0;
    const stack = [row];
    while (stack.length > 0) {
      const next = stack.pop()!;
      this._rows.delete(next.path);
      if (next === this._lastRow) this._lastRow = undefined;
      if (this._finished.delete(next)) dropped++;
      for (const child of next.children) stack.push(child);
    }
    row.parent?.children.delete(row);
    return dropped;
  }

  /** Bars that ended at `since` or later, oldest first. */
  private _barsSince(since: number): TimelineBar[] {
    const bars: TimelineBar[] = [];
    const first = Math.max(1, this._barSeq - this._maxBars + 1);
    for (let seq = first; seq <= this._barSeq; seq++) {
      const bar = this._bars[seq % this._maxBars];
      if (bar !== undefined && bar.seq === seq && bar.ended >= since) bars.push(bar.toBar());
    }
    return bars;
  }
}

/**
 * Whether a `failed` event's error is the tracker's own timeout: the event
 * carries the `cause` of the `TaskTimeoutError`, a `TimeoutError` that names the
 * task (`Task task-3 timed out after…`, `Task task-3 "load" timed out after…`).
 */
function isTimeout(error: unknown, taskId: string): boolean {
  try {
    return error instanceof Error && error.name === 'TimeoutError' && error.message.startsWith(`Task ${taskId} `) && error.message.includes(' timed out after ');
  } catch {
    // An error that cannot be read (a revoked Proxy) is not ours.
    return false;
  }
}
