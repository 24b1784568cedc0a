import type { Observable } from 'rxjs';
import type { TaskTracker } from '../../lib/index.js';
import { library, type TrackerLibrary } from '../library.js';
import type { Contender, Pool, PromiseTask } from './Contender.js';

/**
 * A root tracker with `SemaphoreScheduler.withPermits(concurrency)` and a silent
 * `LogOnlyPolicy`, from `lib` (the loaded library by default). A baseline build
 * runs through the same code, so both versions must accept this form.
 */
export function rootTracker(concurrency: number, lib: TrackerLibrary = library()): TaskTracker {
  const { LogOnlyPolicy, SemaphoreScheduler, TaskTracker } = lib;
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
export function trackerPool(concurrency: number, levels: 1 | 3, lib: TrackerLibrary = library()): TrackerPool {
  const root = rootTracker(concurrency, lib);
  let spawnOn = root;
  for (let level = 1; level < levels; level++) spawnOn = spawnOn.childTracker();
  return new TrackerPool(root, spawnOn);
}

/**
 * The tracker contenders of one build of the library, in table order: `tracker`,
 * `tracker-3`, `tracker-join`, each id followed by `tag` (`tracker@base`…) and
 * each label by ` @tag`. `lib` is read when a pool is created, so the loaded
 * library can be named before it is loaded.
 */
export function trackerContenders(lib: () => TrackerLibrary, tag = ''): [tracker: Contender, tracker3: Contender, trackerJoin: Contender] {
  const label = (text: string) => (tag === '' ? text : `${text} ${tag}`);
  return [
    /** One root tracker. */
    { id: `tracker${tag}`, label: label('rx-task-tracker (flat)'), create: (concurrency) => trackerPool(concurrency, 1, lib()) },
    /** Root → child → grandchild, tasks spawned on the grandchild (metrics roll up two levels). */
    { id: `tracker-3${tag}`, label: label('rx-task-tracker (3-level)'), create: (concurrency) => trackerPool(concurrency, 3, lib()) },
    /**
     * Without handles: each task spawned and its handle dropped, then `join()`: what
     * code that only waits for the batch writes. Against `tracker`, it shows what
     * awaiting a million handles with `Promise.all` costs (V8 takes its fast path only
     * for promises whose prototype is `Promise.prototype`).
     */
    {
      id: `tracker-join${tag}`,
      label: label('rx-task-tracker (flat), no handle awaited, join()'),
      create(concurrency) {
        const pool = trackerPool(concurrency, 1, lib());
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
    },
  ];
}

/** This library (the loaded build): a flat tracker, a 3-level one, a flat one joined without its handles. */
export const [tracker, tracker3, trackerJoin] = trackerContenders(library);
