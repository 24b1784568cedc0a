import {
  LogOnlyPolicy,
  SemaphoreScheduler,
  TaskTracker,
  UnlimitedScheduler,
  type TaskMetrics,
} from '../../lib/index.js';

/** A policy that logs nowhere: specs about failures should not print. */
export function quietPolicy(): LogOnlyPolicy {
  return new LogOnlyPolicy({ logger: () => {} });
}

/** A root tracker with a semaphore of `permits` and a quiet log-only policy. */
export function semaphoreTracker(permits: number): TaskTracker {
  return new TaskTracker(SemaphoreScheduler.withPermits(permits), quietPolicy());
}

/** A root tracker with no concurrency limit and a quiet log-only policy. */
export function unlimitedTracker(): TaskTracker {
  return new TaskTracker(new UnlimitedScheduler(), quietPolicy());
}

/** The counters that hold at every moment; returns the broken ones (none: `[]`). */
export function brokenInvariants(metrics: TaskMetrics): string[] {
  const s = metrics.snapshot();
  const broken: string[] = [];
  if (s.issued !== s.success + s.failed + s.cancelled + s.rejected + s.pending) broken.push(`issued ${JSON.stringify(s)}`);
  if (s.pending !== s.active + s.queued) broken.push(`pending ${JSON.stringify(s)}`);
  if (s.active < 0 || s.queued < 0 || s.pending < 0) broken.push(`negative ${JSON.stringify(s)}`);
  if (s.started > s.issued) broken.push(`started ${JSON.stringify(s)}`);
  return broken;
}

/** Settles `promise` and tells how, without letting a rejection escape. */
export async function outcome(promise: PromiseLike<unknown>): Promise<{ value?: unknown; error?: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

/** A promise with its resolvers, for tasks a spec settles by hand. */
export function deferred<T = unknown>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
