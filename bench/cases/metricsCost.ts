import type { Subscription } from 'rxjs';
import { trackerPool } from '../contenders/tracker.js';
import { cleanHeap, collectYoungGarbage, now, slots } from '../measure.js';
import type { Plan } from '../plan.js';
import { interleave, type Progress } from '../rounds.js';
import { ratio, summarize, type Summary } from '../stats.js';

/** Who listens while the tasks run. */
export type Listener = 'none' | 'metrics$' | 'events$' | 'taskEnds$';

/** Spawn+settle cost of the flat tracker with one kind of listener. */
export interface MetricsCostRow {
  readonly listener: Listener;
  readonly n: number;
  /** Microseconds per task: spawn all, await all handles and `join()`. */
  readonly usPerTask: Summary;
  /** Median over the median without a listener. */
  readonly ratioToNone: number | undefined;
  /** What the listener received in its last run (snapshots or events). */
  readonly emissions: number;
}

/**
 * Times `n` promise tasks on a fresh flat tracker while one subscriber (or none)
 * listens to `metrics$` or `events$`, counting what it receives.
 */
export async function timeWithListener(listener: Listener, n: number, concurrency: number): Promise<{ usPerTask: number; emissions: number }> {
  const { root } = trackerPool(concurrency, 1);
  const handles = slots(n);
  let emissions = 0;
  const count = () => void emissions++;
  let subscription: Subscription | undefined;
  if (listener === 'metrics$') subscription = root.metrics$.subscribe(count);
  else if (listener === 'events$') subscription = root.events$.subscribe(count);
  else if (listener === 'taskEnds$') subscription = root.taskEnds$.subscribe(count);
  const start = now();
  for (let i = 0; i < n; i++) handles[i] = root.spawn(() => Promise.resolve(i));
  await Promise.all(handles);
  await root.join();
  const elapsed = now() - start;
  subscription?.unsubscribe();
  return { usPerTask: (elapsed * 1000) / n, emissions };
}

/** One sample: clean heap, an untimed warm-up run with the same listener, young GC, the timed run. */
async function sampleWithListener(plan: Plan, listener: Listener): Promise<{ usPerTask: number; emissions: number }> {
  const { n, concurrency } = plan.metricsCost;
  await cleanHeap();
  await timeWithListener(listener, Math.min(n, plan.throughput.warmupTasks), concurrency);
  collectYoungGarbage();
  return timeWithListener(listener, n, concurrency);
}

/** The four listeners, rounds alternating. */
export async function runMetricsCost(plan: Plan, progress: Progress = () => {}): Promise<MetricsCostRow[]> {
  const { n, concurrency, rounds } = plan.metricsCost;
  progress(`metrics cost: ${n} tasks, c=${concurrency}, no listener / metrics$ / events$ / taskEnds$`);
  const listeners: readonly Listener[] = ['none', 'metrics$', 'events$', 'taskEnds$'];
  const samples = await interleave(listeners, rounds, (listener) => sampleWithListener(plan, listener));
  const summaries = samples.map((runs) => summarize(runs.map((run) => run.usPerTask)));
  return listeners.map((listener, i) => ({
    listener,
    n,
    usPerTask: summaries[i],
    ratioToNone: ratio(summaries[i].median, summaries[0].median),
    emissions: samples[i][samples[i].length - 1].emissions,
  }));
}
