import type { Subscription } from 'rxjs';
import { trackerPool } from '../contenders/tracker.js';
import { library } from '../library.js';
import { cleanHeap, collectYoungGarbage, now, slots } from '../measure.js';
import type { Plan } from '../plan.js';
import { interleave, type Progress } from '../rounds.js';
import { ratio, summarize, type Summary } from '../stats.js';

/**
 * Who watches while the tasks run: nobody; a devtools model that was connected
 * and disconnected before the run (a detached panel); the model connected (the
 * panel's data layer, without the DOM); a bare `events$` subscriber, for reference.
 */
export type DevtoolsWatcher = 'none' | 'detached' | 'model' | 'events$';

/** What a task does: settle at once (`Promise.resolve(i)`), or after one macrotask (`setImmediate`), like an I/O callback. */
export type DevtoolsTaskKind = 'promise' | 'macrotask';

/** Spawn+settle cost of the flat tracker with one kind of watcher. */
export interface DevtoolsCostRow {
  readonly watcher: DevtoolsWatcher;
  readonly kind: DevtoolsTaskKind;
  readonly n: number;
  /** Microseconds per task: spawn all, await all handles and `join()`. */
  readonly usPerTask: Summary;
  /** Median over the median with no watcher, same task kind. */
  readonly ratioToNone: number | undefined;
  /** Rows and timeline bars the model held after its last run (0 without a model). */
  readonly bars: number;
}

const WATCHERS: readonly DevtoolsWatcher[] = ['none', 'detached', 'model', 'events$'];

/** Times `n` tasks on a fresh flat tracker with `watcher`. */
export async function timeWithWatcher(watcher: DevtoolsWatcher, kind: DevtoolsTaskKind, n: number, concurrency: number): Promise<{ usPerTask: number; bars: number }> {
  const { DevtoolsModel } = library();
  const { root } = trackerPool(concurrency, 1);
  const handles = slots(n);
  let subscription: Subscription | undefined;
  const model = watcher === 'model' || watcher === 'detached' ? new DevtoolsModel(root) : undefined;
  if (watcher === 'model') subscription = model!.connect(() => {});
  else if (watcher === 'detached') model!.connect(() => {}).unsubscribe();
  else if (watcher === 'events$') subscription = root.events$.subscribe(() => {});
  const task =
    kind === 'promise'
      ? (i: number) => () => Promise.resolve(i)
      : (i: number) => () => new Promise<number>((resolve) => setImmediate(resolve, i));
  const start = now();
  for (let i = 0; i < n; i++) handles[i] = root.spawn(task(i));
  await Promise.all(handles);
  await root.join();
  const elapsed = now() - start;
  const bars = model?.state().bars.length ?? 0;
  subscription?.unsubscribe();
  return { usPerTask: (elapsed * 1000) / n, bars };
}

/** One sample: clean heap, an untimed warm-up run with the same watcher, young GC, the timed run. */
async function sample(plan: Plan, watcher: DevtoolsWatcher, kind: DevtoolsTaskKind): Promise<{ usPerTask: number; bars: number }> {
  const { n, concurrency } = plan.devtools;
  await cleanHeap();
  await timeWithWatcher(watcher, kind, Math.min(n, plan.throughput.warmupTasks), concurrency);
  collectYoungGarbage();
  return timeWithWatcher(watcher, kind, n, concurrency);
}

/** Issue 12: the devtools' data layer attached vs not, rounds alternating the watchers. */
export async function runDevtoolsCost(plan: Plan, progress: Progress = () => {}): Promise<DevtoolsCostRow[]> {
  const { n, concurrency, rounds, kinds } = plan.devtools;
  const rows: DevtoolsCostRow[] = [];
  for (const kind of kinds) {
    progress(`devtools: ${n} ${kind} tasks, c=${concurrency}, ${WATCHERS.join(' / ')}`);
    const samples = await interleave(WATCHERS, rounds, (watcher) => sample(plan, watcher, kind));
    const summaries = samples.map((runs) => summarize(runs.map((run) => run.usPerTask)));
    WATCHERS.forEach((watcher, i) =>
      rows.push({
        watcher,
        kind,
        n,
        usPerTask: summaries[i],
        ratioToNone: ratio(summaries[i].median, summaries[0].median),
        bars: samples[i][samples[i].length - 1].bars,
      }),
    );
  }
  return rows;
}
