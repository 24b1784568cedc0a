import type { Observable } from 'rxjs';
import type { TaskTracker } from '../../lib/index.js';
import { library } from '../library.js';
import type { Contender, Pool, PromiseTask } from './Contender.js';

/** A root tracker with `SemaphoreScheduler.withPermits(concurrency)` and a silent `LogOnlyPolicy`, from the loaded library. */
export function rootTracker(concurrency: number): TaskTracker {
  const { LogOnlyPolicy, SemaphoreScheduler, TaskTracker } = library();
  return new TaskTracker(SemaphoreScheduler.withPermits(concurrency), new LogOnlyPolicy({ logger: () => {} }));
}

/** Spawns on `spawnOn` (the root, or a grandchild of it) and joins the root. */
class TrackerPool implements Pool {
  readonly hasHandles = true;
  constructor(
    readonly root: TaskTracker,
    readonly spawnOn: TaskTracker,
  ) {}
  submit(task: PromiseTask): PromiseLike<unknown> {
    return this.spawnOn.spawn(task);
  }
  submitObservable(task: Observable<unknown>): PromiseLike<unknown> {
    return this.spawnOn.spawn(task);
  }
  drain(): Promise<void> {
    return this.root.join();
  }
}

/** Creates the pool of a flat tracker, or of a 3-level hierarchy spawning on the grandchild. */
export function trackerPool(concurrency: number, levels: 1 | 3): TrackerPool {
  const root = rootTracker(concurrency);
  let spawnOn = root;
  for (let level = 1; level < levels; level++) spawnOn = spawnOn.childTracker();
  return new TrackerPool(root, spawnOn);
}

/** This library: one root tracker. */
export const tracker: Contender = {
  id: 'tracker',
  label: 'rx-task-tracker (flat)',
  create: (concurrency) => trackerPool(concurrency, 1),
};

/** This library: root → child → grandchild, tasks spawned on the grandchild (metrics roll up two levels). */
export const tracker3: Contender = {
  id: 'tracker-3',
  label: 'rx-task-tracker (3-level)',
  create: (concurrency) => trackerPool(concurrency, 3),
};

/**
 * This library without handles: each task spawned and its handle dropped, then
 * `join()`: what code that only waits for the batch writes. Against `tracker`,
 * it shows what awaiting a million handles with `Promise.all` costs (V8 takes its
 * fast path only for promises whose prototype is `Promise.prototype`).
 */
export const trackerJoin: Contender = {
  id: 'tracker-join',
  label: 'rx-task-tracker (flat), no handle awaited, join()',
  create(concurrency) {
    const pool = trackerPool(concurrency, 1);
    return {
      hasHandles: false,
      submit(task) {
        pool.spawnOn.spawn(task);
        return undefined;
      },
      submitObservable(task) {
        pool.spawnOn.spawn(task);
        return undefined;
      },
      drain: () => pool.drain(),
    };
  },
};
