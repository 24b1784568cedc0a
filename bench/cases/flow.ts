import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Bottleneck from 'bottleneck';
import PQueue from 'p-queue';
import type * as NodeEntry from '../../lib/node/index.js';
import type { TaskScheduler, TaskTracker } from '../../lib/index.js';
import { library, libraryEsm } from '../library.js';
import { cleanHeap, collectYoungGarbage, cpuMs, now, slots, type Timing } from '../measure.js';
import type { Plan } from '../plan.js';
import { interleave, type Progress } from '../rounds.js';
import { ratio, summarize, type Summary } from '../stats.js';

/**
 * Issue 13's runners, all on the same work (N tasks `() => Promise.resolve(i)`,
 * at most `concurrency` running, every handle awaited, then the drain):
 * - `semaphore`: a flat tracker on a SemaphoreScheduler, the base of every ratio;
 * - `priority`: a PriorityScheduler, random integer priorities 0–9;
 * - `rate-limit`: a RateLimitScheduler whose window never binds (10⁹ per second), `concurrency` set;
 * - `child` / `child-cap`: tasks spawned on a child of the root, plain or with `.concurrency(concurrency)`;
 * - `in-context`: the flat semaphore, tasks spawned inside `AsyncLocalStorage.run` (no wrapper):
 *   what an application that uses AsyncLocalStorage pays anyway (Node's promise hooks);
 * - `async-context` / `async-context-store`: the semaphore wrapped by AsyncContextScheduler
 *   (the whole context, or one store), tasks spawned inside `AsyncLocalStorage.run`.
 *   After each of these three runs the store is disabled again, so that the others
 *   run in a process without promise hooks;
 * - `p-queue-priority`: p-queue with `{ priority }` on each add (the same random priorities);
 * - `bottleneck-reservoir`: Bottleneck with `maxConcurrent` and a reservoir that never binds.
 */
export const FLOW_RUNNERS = [
  'semaphore',
  'priority',
  'rate-limit',
  'child',
  'child-cap',
  'in-context',
  'async-context',
  'async-context-store',
  'p-queue-priority',
  'bottleneck-reservoir',
] as const;
export type FlowRunner = (typeof FLOW_RUNNERS)[number];

/** One runner at one N. */
export interface FlowRow {
  readonly runner: FlowRunner;
  readonly n: number;
  /** Microseconds per task, wall clock. */
  readonly usPerTask: Summary;
  /** Median over `semaphore`'s median at the same N. */
  readonly ratioToSemaphore: number | undefined;
  /**
   * Microseconds of this process's CPU time (user + system, all its threads: GC
   * helpers included) per task: less swayed than the wall clock by other
   * processes on a shared machine.
   */
  readonly cpuUsPerTask: Summary;
  /** Median CPU time over `semaphore`'s at the same N. */
  readonly cpuRatioToSemaphore: number | undefined;
}

const context = new AsyncLocalStorage<number>();
let nodeEntry: typeof NodeEntry | undefined;
let priorities: number[] = [];

/** The `rx-task-tracker/node` entry of the loaded build (dist/esm/node, sharing its core), or from lib/. */
async function loadNodeEntry(): Promise<typeof NodeEntry> {
  if (nodeEntry !== undefined) return nodeEntry;
  const esm = libraryEsm();
  if (esm === undefined) return (nodeEntry = await import('../../lib/node/index.js'));
  return (nodeEntry = (await import(pathToFileURL(path.join(esm, 'node', 'index.js')).href)) as typeof NodeEntry);
}

function tracker(scheduler: TaskScheduler): TaskTracker {
  const { LogOnlyPolicy, TaskTracker } = library();
  return new TaskTracker(scheduler, new LogOnlyPolicy({ logger: () => {} }));
}

/** Times one run of `n` tasks. @throws Error if the last handle is wrong. */
export async function timeFlow(runner: FlowRunner, n: number, c: number): Promise<Timing> {
  const { SemaphoreScheduler, PriorityScheduler, RateLimitScheduler } = library();
  const handles = slots(n);
  if (runner === 'p-queue-priority' || runner === 'bottleneck-reservoir') {
    const add = makeLibrary(runner, n, c);
    const cpuStart = cpuMs();
    const start = now();
    for (let i = 0; i < n; i++) handles[i] = add.add(() => Promise.resolve(i), priorities[i]);
    const values = await Promise.all(handles);
    await add.drain();
    const elapsed = { ms: now() - start, cpuMs: cpuMs() - cpuStart };
    check(runner, values, n);
    return elapsed;
  }
  let root: TaskTracker;
  let spawnOn: TaskTracker;
  const inContext = runner === 'in-context' || runner === 'async-context' || runner === 'async-context-store';
  if (runner === 'semaphore') root = tracker(SemaphoreScheduler.withPermits(c));
  else if (runner === 'priority') root = tracker(PriorityScheduler.withPermits(c));
  else if (runner === 'rate-limit') root = tracker(RateLimitScheduler.perInterval(1e9, 1000, { concurrency: c }));
  else if (runner === 'async-context') root = tracker((await loadNodeEntry()).AsyncContextScheduler.wrap(SemaphoreScheduler.withPermits(c)));
  else if (runner === 'async-context-store') root = tracker((await loadNodeEntry()).AsyncContextScheduler.wrap(SemaphoreScheduler.withPermits(c), { stores: [context as AsyncLocalStorage<unknown>] }));
  else root = tracker(SemaphoreScheduler.withPermits(c));
  if (runner === 'child') spawnOn = root.childTracker();
  else if (runner === 'child-cap') spawnOn = root.childTrackerBuilder().concurrency(c).build();
  else spawnOn = root;
  const cpuStart = cpuMs();
  const start = now();
  if (runner === 'priority') for (let i = 0; i < n; i++) handles[i] = spawnOn.spawn(() => Promise.resolve(i), { priority: priorities[i] });
  else if (inContext) context.run(n, () => { for (let i = 0; i < n; i++) handles[i] = spawnOn.spawn(() => Promise.resolve(i)); });
  else for (let i = 0; i < n; i++) handles[i] = spawnOn.spawn(() => Promise.resolve(i));
  const values = await Promise.all(handles);
  await root.join();
  const elapsed = { ms: now() - start, cpuMs: cpuMs() - cpuStart };
  // The last enabled store turns Node's promise hooks off again.
  if (inContext) context.disable();
  check(runner, values, n);
  return elapsed;
}

function check(runner: string, values: unknown[], n: number): void {
  if (values[n - 1] !== n - 1) throw new Error(`${runner}: the last handle resolved to ${String(values[n - 1])}, expected ${n - 1}`);
}

function makeLibrary(runner: 'p-queue-priority' | 'bottleneck-reservoir', n: number, c: number): { add(task: () => Promise<number>, priority: number): Promise<number>; drain(): Promise<void> } {
  if (runner === 'p-queue-priority') {
    const queue = new PQueue({ concurrency: c });
    return { add: (task, priority) => queue.add(task, { priority }) as Promise<number>, drain: () => queue.onIdle() };
  }
  const limiter = new Bottleneck({ maxConcurrent: c, reservoir: n + 1, reservoirRefreshAmount: n + 1, reservoirRefreshInterval: 60_000 });
  return { add: (task) => limiter.schedule(task), drain: () => limiter.stop({ dropWaitingJobs: false }) };
}

/** One sample: a clean heap, one untimed warm-up run, then runs of `n` until the plan's sample size ran. @returns µs per task, wall and CPU. */
export async function sampleFlow(plan: Plan, runner: FlowRunner, n: number): Promise<{ us: number; cpuUs: number }> {
  const { concurrency, sampleTasks } = plan.flow;
  await cleanHeap();
  const slow = runner === 'bottleneck-reservoir';
  await timeFlow(runner, Math.min(n, slow ? 100 : 20_000), concurrency);
  collectYoungGarbage();
  let elapsed = 0;
  let cpu = 0;
  let tasks = 0;
  do {
    const timing = await timeFlow(runner, n, concurrency);
    elapsed += timing.ms;
    cpu += timing.cpuMs;
    tasks += n;
  } while (!slow && tasks < sampleTasks);
  return { us: (elapsed * 1000) / tasks, cpuUs: (cpu * 1000) / tasks };
}

/** Every N of the plan's flow case; the runners a size allows alternate within each round. */
export async function runFlow(plan: Plan, progress: Progress = () => {}): Promise<FlowRow[]> {
  const { sizes, rounds, maxN } = plan.flow;
  const rows: FlowRow[] = [];
  // The same pseudo-random priorities for every runner and round.
  let seed = 13;
  priorities = Array.from({ length: Math.max(...sizes) }, () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % 10));
  await loadNodeEntry();
  for (const n of sizes) {
    const runners = FLOW_RUNNERS.filter((runner) => n <= (maxN[runner] ?? Infinity));
    progress(`flow: N=${n}: ${runners.join(', ')}`);
    const samples = await interleave(runners, rounds[n] ?? 1, (runner) => sampleFlow(plan, runner, n), (runner) => (runner === 'bottleneck-reservoir' ? 1 : (rounds[n] ?? 1)));
    const wall = samples.map((s) => summarize(s.map((x) => x.us)));
    const cpu = samples.map((s) => summarize(s.map((x) => x.cpuUs)));
    const at = runners.indexOf('semaphore');
    runners.forEach((runner, i) =>
      rows.push({
        runner,
        n,
        usPerTask: wall[i],
        ratioToSemaphore: ratio(wall[i].median, wall[at]?.median),
        cpuUsPerTask: cpu[i],
        cpuRatioToSemaphore: ratio(cpu[i].median, cpu[at]?.median),
      }),
    );
  }
  return rows;
}

/** The row of `runner` at `n`, if it ran. */
export function flowRow(rows: readonly FlowRow[], runner: FlowRunner, n: number): FlowRow | undefined {
  return rows.find((row) => row.runner === runner && row.n === n);
}
