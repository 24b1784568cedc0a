import type { ErrorResponse, OnErrorContext, OnErrorPolicy, TaskTrackerOptions } from '../../lib/index.js';
import { SemaphoreScheduler, TaskTracker, UnlimitedScheduler } from '../../lib/index.js';

/** A policy answering with `onError`, plus any other members; its children are alike. */
export function policyOf(onError: (error: unknown, context: OnErrorContext) => ErrorResponse, more: Partial<OnErrorPolicy> = {}): OnErrorPolicy {
  return { createChild: () => policyOf(onError, more), onError, ...more };
}

/** A root tracker on a semaphore of `permits` (Infinity: unlimited scheduler), with `policy`. */
export function trackerWith(policy: OnErrorPolicy, permits = Infinity, options?: TaskTrackerOptions): TaskTracker {
  const scheduler = permits === Infinity ? new UnlimitedScheduler() : SemaphoreScheduler.withPermits(permits);
  return new TaskTracker(scheduler, policy, options);
}

/** A task factory handing out `runs` one per call (the last one again once they are used up). */
export function attempts<T>(...runs: T[]): () => T {
  let i = 0;
  return () => runs[Math.min(i++, runs.length - 1)];
}
