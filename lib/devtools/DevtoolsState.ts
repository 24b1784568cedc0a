import type { MetricsSnapshot } from '../metrics/MetricsSnapshot.js';

/**
 * One tracker as the devtools panel shows it: a row of the tree, kept after the
 * tracker settles or is garbage-collected (then `finished`, with its final counts).
 *
 * @example
 * ```ts
 * for (const row of model.state().rows) console.log(`${'  '.repeat(row.depth)}${row.name} ${row.metrics.failed} failed`);
 * ```
 * @since 0.2.0
 * @category Devtools
 */
export interface TrackerRow {
  /** The tracker's path, e.g. `root/images`. */
  readonly path: string;
  /** The tracker's name (the last segment of its path). */
  readonly name: string;
  /** How far below the observed tracker it is (0 for the observed tracker itself). */
  readonly depth: number;
  /** `open`, `closed` (by `join()` or a shutdown) or `cancelled`. */
  readonly state: 'open' | 'closed' | 'cancelled';
  /**
   * Whether it can run nothing more: closed with no pending task, or gone from
   * `tree()` (settled, or taken by the garbage collector). Its counts are final.
   */
  readonly finished: boolean;
  /** Its counters (its subtree's), as last known. */
  readonly metrics: MetricsSnapshot;
  /** Tasks ended per second, over the last second or so. */
  readonly throughput: number;
}

/**
 * How a task ended. @category Devtools
 * @since 0.2.0
 */
export type BarOutcome = 'success' | 'failed' | 'cancelled' | 'rejected';

/**
 * One finished task on the timeline: from its issue (the wait for a slot) through
 * its first start to its end, in the tracker clock's milliseconds.
 *
 * @example
 * ```ts
 * const waited = bar.started === undefined ? bar.ended - bar.issued : bar.started - bar.issued;
 * ```
 * @since 0.2.0
 * @category Devtools
 */
export interface TimelineBar {
  /** Increases by one for each bar the model records (lets a stream send only new ones). */
  readonly seq: number;
  /** The task's id. */
  readonly taskId: string;
  /** Its tracker's path. */
  readonly path: string;
  /** When it was issued (or, for a task issued before the model was attached, first seen). */
  readonly issued: number;
  /** When it first got a slot; `undefined` if it never ran. */
  readonly started: number | undefined;
  /** When it ended. */
  readonly ended: number;
  /** How it ended. */
  readonly outcome: BarOutcome;
}

/**
 * One entry of the failure log: a task that failed for good.
 *
 * @example
 * ```ts
 * model.state().failures.filter((f) => f.path === 'root/images').forEach((f) => console.log(f.message));
 * ```
 * @since 0.2.0
 * @category Devtools
 */
export interface FailureEntry {
  /** Increases by one for each failure the model records. */
  readonly seq: number;
  /** The task's id. */
  readonly taskId: string;
  /** Its tracker's path. */
  readonly path: string;
  /** The error, as text (`name: message` for an `Error`). Render it as text, never as HTML. */
  readonly message: string;
  /** How many runs the task made (retries included). */
  readonly attempts: number;
  /** When it failed. */
  readonly time: number;
}

/**
 * Everything the panel draws, at one moment: a plain object (JSON-safe), so the
 * server entry point can send it and a test can compare it.
 *
 * @example
 * ```ts
 * const { rows, bars, failures } = model.state();
 * ```
 * @since 0.2.0
 * @category Devtools
 */
export interface DevtoolsState {
  /** The clock's time when the state was read (the timeline's right edge). */
  readonly now: number;
  /** How many milliseconds the timeline spans. */
  readonly windowMs: number;
  /** The observed tracker first, then its descendants, depth first. */
  readonly rows: readonly TrackerRow[];
  /** Tasks that ended inside the window, oldest first. */
  readonly bars: readonly TimelineBar[];
  /** The failure log, oldest first. */
  readonly failures: readonly FailureEntry[];
}
