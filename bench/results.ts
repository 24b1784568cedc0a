import type { CancellationRow } from './cases/cancellation.js';
import type { FlowRow } from './cases/flow.js';
import type { HierarchyResult } from './cases/hierarchy.js';
import type { MemoryRow } from './cases/memory.js';
import type { MetricsCostRow } from './cases/metricsCost.js';
import type { DevtoolsCostRow } from './cases/devtools.js';
import type { PipelineRow } from './cases/pipeline.js';
import type { ScalingRow } from './cases/scaling.js';
import type { ThroughputRow } from './cases/throughput.js';
import type { LibrarySource } from './library.js';
import type { Machine } from './machine.js';
import type { Plan } from './plan.js';
import type { Target } from './targets.js';

/** The cases, in the order they run; each can be run alone (`--case`). */
export const CASES = ['throughput', 'memory', 'cancellation', 'hierarchy', 'metrics', 'pipeline', 'devtools', 'flow'] as const;
export type CaseName = (typeof CASES)[number];

/** Everything measured; a case that did not run leaves its part empty. */
export interface Measurements {
  readonly throughput: readonly ThroughputRow[];
  readonly scaling: readonly ScalingRow[];
  readonly memory: readonly MemoryRow[];
  readonly cancellation: readonly CancellationRow[];
  readonly hierarchy: HierarchyResult | undefined;
  readonly metricsCost: readonly MetricsCostRow[];
  /** Issue 9: the operators vs mergeMap, spawn$ vs spawn. */
  readonly pipeline: readonly PipelineRow[];
  /** Issue 12: the devtools' data layer attached vs not. */
  readonly devtools: readonly DevtoolsCostRow[];
  /** Issue 13: flow-control schedulers, capped children, async context, p-queue priorities, Bottleneck reservoirs. */
  readonly flow: readonly FlowRow[];
}

/** What `bench/results/latest.json` holds. */
export interface BenchResults extends Measurements {
  readonly machine: Machine;
  readonly plan: Plan;
  readonly cases: readonly CaseName[];
  readonly contenders: readonly string[];
  /** Whether the tracker ran from the published build (dist/esm, as users get it) or as lib/ through tsx. */
  readonly library: LibrarySource;
  /** The build the `…@base` contenders ran, if any. */
  readonly baseline: { readonly ref: string; readonly commit: string | undefined } | undefined;
  readonly targets: readonly Target[];
  /** Wall time of the whole run, in seconds. */
  readonly seconds: number;
}
