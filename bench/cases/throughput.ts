import { of } from 'rxjs';
import type { Contender } from '../contenders/Contender.js';
import { cleanHeap, collectYoungGarbage, cpuMs, now, slots, type Timing } from '../measure.js';
import { HEADLINE, type Plan, type TaskKind } from '../plan.js';
import { floorMedian, interleave, type Progress } from '../rounds.js';
import { ratio, summarize, type Summary } from '../stats.js';

/** One contender in one cell (task count × concurrency × task kind). */
export interface ThroughputRow {
  readonly kind: TaskKind;
  readonly n: number;
  readonly concurrency: number;
  readonly contender: string;
  readonly label: string;
  /** Microseconds per task: spawning all, then awaiting all handles and the drain (see {@link sampleThroughput}). */
  readonly usPerTask: Summary;
  /** Median over the floor's median in the same cell. */
  readonly ratioToFloor: number | undefined;
}

/**
 * Times one run: submits `n` tasks to a fresh pool, then awaits every handle
 * (`Promise.all`) and the pool's drain. Promise tasks are `() => Promise.resolve(i)`,
 * Observable tasks `of(i)`; creating them is inside the timed loop for everyone.
 *
 * @returns wall-clock and CPU milliseconds.
 * @throws Error if the handles did not resolve to the tasks' values.
 */
export async function timeRun(contender: Contender, n: number, concurrency: number, kind: TaskKind): Promise<Timing> {
  const pool = contender.create(concurrency);
  const handles = slots(n);
  const cpuStart = cpuMs();
  const start = now();
  if (kind === 'promise') for (let i = 0; i < n; i++) handles[i] = pool.submit(() => Promise.resolve(i));
  else for (let i = 0; i < n; i++) handles[i] = pool.submitObservable(of(i));
  const values = pool.hasHandles ? await Promise.all(handles) : undefined;
  await pool.drain();
  const elapsed = { ms: now() - start, cpuMs: cpuMs() - cpuStart };
  if (values !== undefined && values[n - 1] !== n - 1) {
    throw new Error(`${contender.id}: the last handle resolved to ${String(values[n - 1])}, expected ${n - 1}`);
  }
  return elapsed;
}

/** How many tasks a sample runs untimed, then timed (see {@link Plan}'s `throughput`). */
export type Sampling = Pick<Plan['throughput'], 'warmupTasks' | 'sampleTasks'>;

/**
 * One sample of a contender in a cell: a clean heap (so no contender pays much
 * for the previous one's garbage), untimed warm-up runs (a full GC discards
 * optimized code), a young-generation GC, then back-to-back timed runs of `n`
 * tasks until `sampleTasks` ran. Natural GCs during the timed runs count:
 * garbage is a cost.
 *
 * @param sampling The plan's `throughput`, or any other warm-up and sample sizes.
 * @returns microseconds per task, wall-clock and CPU.
 */
export async function sampleThroughput(sampling: Sampling, contender: Contender, n: number, concurrency: number, kind: TaskKind): Promise<PerTask> {
  const { warmupTasks, sampleTasks } = sampling;
  await cleanHeap();
  const warmN = Math.min(n, contender.slow ? 100 : 50_000);
  for (let done = 0; done < (contender.slow ? warmN : warmupTasks); done += warmN) await timeRun(contender, warmN, concurrency, kind);
  collectYoungGarbage();
  let ms = 0;
  let cpu = 0;
  let tasks = 0;
  do {
    const timing = await timeRun(contender, n, concurrency, kind);
    ms += timing.ms;
    cpu += timing.cpuMs;
    tasks += n;
  } while (!contender.slow && tasks < sampleTasks);
  return { usPerTask: (ms * 1000) / tasks, cpuUsPerTask: (cpu * 1000) / tasks };
}

/** One sample's cost per task, in microseconds. */
export interface PerTask {
  /** By the wall clock. */
  readonly usPerTask: number;
  /** In CPU time of this process (see {@link Timing}). */
  readonly cpuUsPerTask: number;
}

/** The contenders a cell runs, by the plan's and the contenders' limits. */
export function cellContenders(plan: Plan, all: readonly Contender[], n: number, concurrency: number, kind: TaskKind): Contender[] {
  const headline = concurrency === HEADLINE.concurrency && kind === HEADLINE.kind;
  const large = plan.throughput.targetSizes[1];
  return all.filter(
    (c) =>
      n <= (plan.throughput.maxN[c.id] ?? Infinity) &&
      (headline || !c.headlineOnly) &&
      (headline || !c.heavy || n < large),
  );
}

/** Runs every cell of the plan; in each, the rounds alternate the contenders. */
export async function runThroughput(plan: Plan, all: readonly Contender[], progress: Progress = () => {}): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  const { sizes, concurrencies, kinds } = plan.throughput;
  for (const kind of kinds) {
    for (const n of sizes) {
      for (const concurrency of concurrencies) {
        const cell = cellContenders(plan, all, n, concurrency, kind);
        if (cell.length === 0) continue;
        progress(`throughput: ${kind} tasks, N=${n}, c=${concurrency}: ${cell.map((c) => c.id).join(', ')}`);
        rows.push(...(await runCell(plan, cell, n, concurrency, kind)));
      }
    }
  }
  return rows;
}

async function runCell(plan: Plan, cell: readonly Contender[], n: number, concurrency: number, kind: TaskKind): Promise<ThroughputRow[]> {
  const headline = concurrency === HEADLINE.concurrency && kind === HEADLINE.kind;
  const rounds = Math.max(plan.throughput.rounds[n] ?? 1, headline ? plan.throughput.headlineRounds : 0);
  const samples = await interleave(
    cell,
    rounds,
    async (contender) => (await sampleThroughput(plan.throughput, contender, n, concurrency, kind)).usPerTask,
    (contender) => contender.maxRounds ?? rounds,
  );
  const summaries = samples.map((s) => summarize(s));
  const base = floorMedian(cell, summaries);
  return cell.map((contender, i) => ({
    kind,
    n,
    concurrency,
    contender: contender.id,
    label: contender.label,
    usPerTask: summaries[i],
    ratioToFloor: ratio(summaries[i].median, base),
  }));
}
