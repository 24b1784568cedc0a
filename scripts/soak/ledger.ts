import {
  isTaskCancelledError,
  isTaskError,
  isTaskFailedError,
  isTaskRejectedError,
  type MetricsSnapshot,
  type TaskHandle,
} from '../../lib/index.js';
import { safeText } from '../../spec/helpers/hostileValues.js';

/** What a task may end with: `value` is what it succeeds with; `never` when it cannot succeed. */
export type Expected = { readonly value: unknown } | 'never';

/** The message of the errors the soak's buggy teardowns throw: no task may fail with one. */
export const TEARDOWN_ERROR = 'teardown';

/** How many problems of each kind are kept word for word; the rest are only counted. */
const MAX_PROBLEMS = 20;

/**
 * The soak's bookkeeping: counters only, never the handles themselves, so that a
 * settled task can be collected (the heap check at the end depends on it). A
 * handle is referenced by the callbacks attached to it until it settles, no longer.
 */
export class Ledger {
  // Handles.
  spawned = 0;
  settled = 0;
  /** Settlements by the handle's status when its callback ran. */
  readonly outcomes = { success: 0, failed: 0, cancelled: 0, rejected: 0 };
  /** Spawns refused with a TrackerClosedError (a policy shut the tracker down in between). */
  refused = 0;
  // Observable tasks that only stop when torn down.
  subscribed = 0;
  unsubscribed = 0;
  // Of those, the ones whose teardown throws.
  throwingSubscribed = 0;
  teardownsThrown = 0;
  /** Calls of the tracker's `onTeardownError`. */
  teardownErrorsReported = 0;
  /** Calls of the tracker's `onPolicyError`. */
  policyErrors = 0;
  // Joins the soak started (without awaiting them) and how many resolved.
  joinsStarted = 0;
  joinsResolved = 0;
  /** Operations done (one per spawn, cancel, join, child created…). */
  ops = 0;
  trackersCreated = 0;
  subtreesReplaced = 0;
  /** Subtrees that ended cancelled without the soak cancelling them: a policy shut them down. */
  shutdownsByPolicy = 0;
  maxPending = 0;
  maxActive = 0;
  private readonly _problems = new Map<string, { count: number; examples: string[] }>();

  /** Records a broken promise: `kind` groups them, `detail` says what happened. */
  problem(kind: string, detail: string): void {
    let entry = this._problems.get(kind);
    if (entry === undefined) {
      this._problems.set(kind, (entry = { count: 0, examples: [] }));
      // At once too: should the run then hang, the log still says what went wrong first.
      console.log(`soak: problem: ${kind}: ${detail.slice(0, 300)}`);
    }
    entry.count++;
    if (entry.examples.length < MAX_PROBLEMS) entry.examples.push(detail.length > 300 ? `${detail.slice(0, 300)}…` : detail);
  }

  /** The problems so far, one line per kind, with the first examples. */
  problems(): string[] {
    return [...this._problems].map(([kind, { count, examples }]) => `${kind} (${count}×): ${examples.slice(0, 3).join(' | ')}`);
  }

  /**
   * Follows a handle until it settles, then forgets it: counts the settlement,
   * and checks that the status agrees with how it settled, that a rejection is
   * the TaskError of that status, and that a success has the value the task gives.
   */
  track(handle: TaskHandle<unknown>, expected: Expected): void {
    this.spawned++;
    let settledBefore = false;
    const settle = (ok: boolean, result: unknown) => {
      if (settledBefore) this.problem('a handle settled twice', handle.id);
      settledBefore = true;
      this.settled++;
      const status = handle.status;
      if (status === 'success' || status === 'failed' || status === 'cancelled' || status === 'rejected') this.outcomes[status]++;
      else this.problem('a handle settled while its task had not ended', `${handle.id} ${status}`);
      if (ok) {
        if (status !== 'success') this.problem('a handle resolved, its status is not success', `${handle.id} ${status}`);
        if (expected === 'never') this.problem('a task that cannot succeed succeeded', `${handle.id} → ${safeText(result)}`);
        else if (!Object.is(result, expected.value)) this.problem('a task succeeded with a wrong value', `${handle.id} → ${safeText(result)}, not ${safeText(expected.value)}`);
      } else if (!isTaskError(result)) {
        this.problem('a handle rejected with something else than a TaskError', `${handle.id} ${safeText(result)}`);
      } else if (!matches(status, result)) {
        this.problem('a handle’s error does not match its status', `${handle.id} ${status} ${result.name}`);
      } else if (isTaskFailedError(result) && isTeardownError(result.cause)) {
        this.problem('a task failed with a teardown error (onTeardownError’s, or another run’s)', handle.id);
      }
    };
    handle.then(
      (value) => settle(true, value),
      (error: unknown) => settle(false, error),
    );
  }

  /** Notes the peaks of a root snapshot, for the report. */
  notePeaks(snapshot: MetricsSnapshot): void {
    if (snapshot.pending > this.maxPending) this.maxPending = snapshot.pending;
    if (snapshot.active > this.maxActive) this.maxActive = snapshot.active;
  }
}

/** Whether `error` is one the soak's buggy teardowns throw (a hostile value is not, and may throw when looked at). */
function isTeardownError(error: unknown): boolean {
  try {
    return error instanceof Error && error.message === TEARDOWN_ERROR;
  } catch {
    return false;
  }
}

function matches(status: string, error: unknown): boolean {
  if (status === 'cancelled') return isTaskCancelledError(error);
  if (status === 'rejected') return isTaskRejectedError(error);
  return status === 'failed' && isTaskFailedError(error);
}

/**
 * The counters that hold at every moment between two operations, for one
 * tracker sharing a semaphore of `permits`; what is broken, or `[]`.
 */
export function brokenCounters(s: MetricsSnapshot, permits: number): string[] {
  const broken: string[] = [];
  if (s.issued !== s.success + s.failed + s.cancelled + s.rejected + s.pending) broken.push('issued ≠ success+failed+cancelled+rejected+pending');
  if (s.pending !== s.active + s.queued) broken.push('pending ≠ active+queued');
  if (s.active > permits) broken.push(`active > ${permits} permits`);
  if (s.active < 0 || s.queued < 0 || s.pending < 0) broken.push('a negative count');
  if (s.started > s.issued) broken.push('started > issued');
  return broken;
}
