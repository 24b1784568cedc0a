import { runCancellation } from './cases/cancellation.js';
import { runFlow } from './cases/flow.js';
import { runHierarchy } from './cases/hierarchy.js';
import { runMemory } from './cases/memory.js';
import { runMetricsCost } from './cases/metricsCost.js';
import { runDevtoolsCost } from './cases/devtools.js';
import { runPipeline } from './cases/pipeline.js';
import { scalingRows } from './cases/scaling.js';
import { runThroughput } from './cases/throughput.js';
import type { Contender } from './contenders/Contender.js';
import type { Build } from './builds.js';
import { contenders as allContenders, withBaseline } from './contenders/index.js';
import { importBuild, librarySource, loadLibrary, type LibraryChoice } from './library.js';
import { describeMachine } from './machine.js';
import { now } from './measure.js';
import type { Plan } from './plan.js';
import { CASES, type BenchResults, type CaseName, type Measurements } from './results.js';
import type { Progress } from './rounds.js';
import { evaluateTargets } from './targets.js';

/** What to run of a plan. */
export interface BenchOptions {
  /** @defaultValue every case */
  readonly cases?: readonly CaseName[];
  /** Contenders of the throughput and memory cases. @defaultValue all of them */
  readonly contenders?: readonly Contender[];
  /** @defaultValue silent */
  readonly progress?: Progress;
  /** Where the tracker comes from. @defaultValue this worktree's dist/esm, rebuilt if stale */
  readonly library?: LibraryChoice;
  /**
   * Another build of the library (see bench/builds.ts), loaded beside the current
   * one before anything is timed: each tracker contender of the throughput and
   * memory cases gets a twin running it (`tracker@base`…), in the same rounds.
   */
  readonly baseline?: Build;
}

/**
 * Runs the plan's cases in one process, one after the other (every case
 * alternates its contenders within each round), and checks the targets.
 */
export async function runBench(plan: Plan, options: BenchOptions = {}): Promise<BenchResults> {
  const started = now();
  const cases = CASES.filter((name) => options.cases?.includes(name) ?? true);
  const progress = options.progress ?? (() => {});
  await loadLibrary({ progress, ...options.library });
  const baseline = options.baseline;
  const contenders = baseline === undefined ? (options.contenders ?? allContenders) : withBaseline(options.contenders ?? allContenders, await importBuild(baseline.esm));
  const throughput = cases.includes('throughput') ? await runThroughput(plan, contenders, progress) : [];
  const measurements: Measurements = {
    throughput,
    scaling: scalingRows(plan, throughput),
    memory: cases.includes('memory') ? await runMemory(plan, contenders, progress) : [],
    cancellation: cases.includes('cancellation') ? await runCancellation(plan, progress) : [],
    hierarchy: cases.includes('hierarchy') ? await runHierarchy(plan, progress) : undefined,
    metricsCost: cases.includes('metrics') ? await runMetricsCost(plan, progress) : [],
    pipeline: cases.includes('pipeline') ? await runPipeline(plan, progress) : [],
    devtools: cases.includes('devtools') ? await runDevtoolsCost(plan, progress) : [],
    flow: cases.includes('flow') ? await runFlow(plan, progress) : [],
  };
  return {
    machine: describeMachine(),
    plan,
    cases,
    contenders: contenders.map((c) => c.id),
    library: librarySource()!,
    baseline: baseline === undefined ? undefined : { ref: baseline.ref, commit: baseline.commit },
    ...measurements,
    targets: evaluateTargets(plan, measurements),
    seconds: (now() - started) / 1000,
  };
}
