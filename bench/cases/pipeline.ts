import { mergeMap, of, range, type ObservableInput } from 'rxjs';
import { rootTracker } from '../contenders/tracker.js';
import { library } from '../library.js';
import { cleanHeap, collectYoungGarbage, now, slots } from '../measure.js';
import type { Plan, TaskKind } from '../plan.js';
import { interleave, type Progress } from '../rounds.js';
import { ratio, summarize, type Summary } from '../stats.js';

/** What runs the items: the operator or RxJS's, `spawn$` or `spawn`. */
export type PipelineRunner = 'mergeTask' | 'mergeMap' | 'spawn$' | 'spawn';

/** The two comparisons of issue 9: each is a pair of runners, ours first. */
export const COMPARISONS: readonly (readonly [PipelineRunner, PipelineRunner])[] = [
  ['mergeTask', 'mergeMap'],
  ['spawn$', 'spawn'],
];

/** One runner in one cell (comparison × inner kind × item count). */
export interface PipelineRow {
  readonly runner: PipelineRunner;
  readonly kind: TaskKind;
  readonly n: number;
  /** Microseconds per item: subscribing (or spawning) until the last item is done. */
  readonly usPerItem: Summary;
  /** Ours only: its median over the other runner's median in the same cell (mergeTask ÷ mergeMap, spawn$ ÷ spawn). */
  readonly ratio: number | undefined;
}

const project: Record<TaskKind, (i: number) => ObservableInput<number>> = {
  promise: (i) => Promise.resolve(i),
  observable: (i) => of(i),
};

/**
 * Times one run of `n` items, in milliseconds. mergeTask and mergeMap run
 * `range(0, n)` through the operator (a tracker with a SemaphoreScheduler of
 * `concurrency`, or mergeMap's own limit) until it completes; the pipeline is
 * built before the clock starts. spawn$ subscribes to `tracker.spawn$(task)` per
 * item and waits for every completion, spawn awaits every handle; both then join.
 *
 * @throws Error if the items did not all come out.
 */
export async function timePipeline(runner: PipelineRunner, n: number, concurrency: number, kind: TaskKind): Promise<number> {
  if (runner === 'spawn$' || runner === 'spawn') return timeSpawns(runner, n, concurrency, kind);
  const operator = runner === 'mergeTask' ? library().mergeTask(rootTracker(concurrency), project[kind]) : mergeMap(project[kind], concurrency);
  const pipeline = range(0, n).pipe(operator);
  let count = 0;
  let sum = 0;
  const start = now();
  await new Promise<void>((resolve, reject) =>
    pipeline.subscribe({
      next: (value) => {
        count++;
        sum += value;
      },
      error: reject,
      complete: resolve,
    }),
  );
  const elapsed = now() - start;
  if (count !== n || sum !== (n * (n - 1)) / 2) throw new Error(`${runner}: ${count} items (sum ${sum}) came out of ${n}`);
  return elapsed;
}

async function timeSpawns(runner: 'spawn$' | 'spawn', n: number, concurrency: number, kind: TaskKind): Promise<number> {
  const tracker = rootTracker(concurrency);
  const handles = runner === 'spawn' ? slots(n) : undefined;
  let completed = 0;
  let done!: () => void;
  let failed!: (error: unknown) => void;
  const all = new Promise<void>((resolve, reject) => ((done = resolve), (failed = reject)));
  const observer = { next: () => {}, error: (error: unknown) => failed(error), complete: () => void (++completed === n && done()) };
  const start = now();
  if (handles !== undefined) {
    if (kind === 'promise') for (let i = 0; i < n; i++) handles[i] = tracker.spawn(() => Promise.resolve(i));
    else for (let i = 0; i < n; i++) handles[i] = tracker.spawn(of(i));
    await Promise.all(handles);
  } else {
    if (kind === 'promise') for (let i = 0; i < n; i++) tracker.spawn$(() => Promise.resolve(i)).subscribe(observer);
    else for (let i = 0; i < n; i++) tracker.spawn$(of(i)).subscribe(observer);
    await all;
  }
  await tracker.join();
  const elapsed = now() - start;
  if (tracker.metrics().success() !== n) throw new Error(`${runner}: ${tracker.metrics().success()} tasks succeeded of ${n}`);
  return elapsed;
}

/**
 * One sample: a clean heap, untimed warm-up runs (of at most 50k items), a
 * young-generation GC, then back-to-back timed runs of `n` until the plan's
 * `sampleTasks` items ran (one run for n above it).
 *
 * @returns microseconds per item.
 */
export async function samplePipeline(plan: Plan, runner: PipelineRunner, n: number, kind: TaskKind): Promise<number> {
  const { warmupTasks, sampleTasks } = plan.throughput;
  const { concurrency } = plan.pipeline;
  await cleanHeap();
  const warmN = Math.min(n, 50_000);
  for (let done = 0; done < warmupTasks; done += warmN) await timePipeline(runner, warmN, concurrency, kind);
  collectYoungGarbage();
  let elapsed = 0;
  let items = 0;
  do {
    elapsed += await timePipeline(runner, n, concurrency, kind);
    items += n;
  } while (items < sampleTasks);
  return (elapsed * 1000) / items;
}

/** Every cell of the plan's pipeline case; in each, the rounds alternate the two runners. */
export async function runPipeline(plan: Plan, progress: Progress = () => {}): Promise<PipelineRow[]> {
  const { sizes, kinds, rounds, targetSizes, slowRounds } = plan.pipeline;
  const rows: PipelineRow[] = [];
  for (const [ours, theirs] of COMPARISONS) {
    for (const kind of kinds) {
      for (const n of sizes) {
        const cellRounds = rounds[n] ?? 1;
        // mergeMap's Array#shift buffer makes a million promises take about a minute per run.
        const roundsOf = (runner: PipelineRunner) => (runner === 'mergeMap' && kind === 'promise' && n >= targetSizes[1] ? Math.min(slowRounds, cellRounds) : cellRounds);
        progress(`pipeline: ${ours} vs ${theirs}, ${kind} inners, N=${n}`);
        const samples = await interleave([ours, theirs], cellRounds, (runner) => samplePipeline(plan, runner, n, kind), roundsOf);
        const [mine, base] = samples.map((s) => summarize(s));
        rows.push({ runner: ours, kind, n, usPerItem: mine, ratio: ratio(mine.median, base.median) });
        rows.push({ runner: theirs, kind, n, usPerItem: base, ratio: undefined });
      }
    }
  }
  return rows;
}

/** The row of `runner` in a cell, if it ran. */
export function pipelineRow(rows: readonly PipelineRow[], runner: PipelineRunner, kind: TaskKind, n: number): PipelineRow | undefined {
  return rows.find((row) => row.runner === runner && row.kind === kind && row.n === n);
}
