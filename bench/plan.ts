/** What a throughput task is: a function returning `Promise.resolve(i)`, or `of(i)`. */
export type TaskKind = 'promise' | 'observable';

/** The cell the targets are about: concurrency 8, promise tasks. */
export const HEADLINE = { concurrency: 8, kind: 'promise' } as const;

/** How much of everything to run. Plain data, so it goes into the JSON as it is. */
export interface Plan {
  readonly name: 'full' | 'quick' | 'smoke';
  readonly throughput: {
    /** Task counts, ascending. */
    readonly sizes: readonly number[];
    /** The [medium, large] task counts the targets are about (100k and 1M in the full plan). */
    readonly targetSizes: readonly [number, number];
    readonly concurrencies: readonly number[];
    readonly kinds: readonly TaskKind[];
    /** Timed rounds (samples per contender) per cell, by task count. */
    readonly rounds: Readonly<Record<number, number>>;
    /** At least this many rounds in headline cells. */
    readonly headlineRounds: number;
    /** Tasks each sample runs untimed (in runs of at most 50k) before timing. */
    readonly warmupTasks: number;
    /** Each sample times back-to-back runs of N (a fresh pool each) until this many tasks ran. */
    readonly sampleTasks: number;
    /** The largest task count per contender id (those too slow or super-linear beyond). */
    readonly maxN: Readonly<Record<string, number>>;
  };
  /** Heap per queued task, with `queued` tasks waiting behind `concurrency` running ones. */
  readonly memory: { readonly queued: number; readonly concurrency: number; readonly rounds: number };
  /** `cancel()` of a tracker holding `queued` tasks. */
  readonly cancellation: { readonly queued: number; readonly concurrency: number; readonly rounds: number };
  readonly hierarchy: {
    /** Chain depths for `join()`: [half, full]; their times' ratio shows linearity. */
    readonly depths: readonly [number, number];
    readonly chainRounds: number;
    /** Children created, used once and joined under one root. */
    readonly children: number;
    readonly childRounds: number;
  };
  /** Spawn+settle with no subscriber, one to `metrics$`, one to `events$`. */
  readonly metricsCost: { readonly n: number; readonly concurrency: number; readonly rounds: number };
  /** Issue 12: spawn+settle with the devtools' data layer attached, detached, or not there. */
  readonly devtools: { readonly n: number; readonly concurrency: number; readonly rounds: number; readonly kinds: readonly ('promise' | 'macrotask')[] };
  /**
   * Issue 9: `range(0, N)` through `mergeTask` vs `mergeMap`, and `spawn$` vs
   * `spawn`, per item; warm-up and sample sizes are the throughput case's.
   */
  readonly pipeline: {
    /** Item counts, ascending. */
    readonly sizes: readonly number[];
    /** The [medium, large] item counts the targets are about. */
    readonly targetSizes: readonly [number, number];
    readonly kinds: readonly TaskKind[];
    /** Of the tracker's SemaphoreScheduler, and mergeMap's limit. */
    readonly concurrency: number;
    /** Timed rounds per cell, by item count. */
    readonly rounds: Readonly<Record<number, number>>;
    /** Rounds of mergeMap with promise inners at the large count (about a minute per run at 1M). */
    readonly slowRounds: number;
  };
  /**
   * Issue 13: the flow-control schedulers, a capped child and async context against
   * a flat SemaphoreScheduler, and p-queue with priorities and Bottleneck with a
   * reservoir, on the same promise tasks (see bench/cases/flow.ts).
   */
  readonly flow: {
    /** Task counts, ascending; the targets are about the largest. */
    readonly sizes: readonly number[];
    readonly concurrency: number;
    /** Timed rounds per size. */
    readonly rounds: Readonly<Record<number, number>>;
    /** Each sample times back-to-back runs until this many tasks ran. */
    readonly sampleTasks: number;
    /** The largest N per runner (p-queue inserts priorities with Array#splice; Bottleneck takes ms per task). */
    readonly maxN: Readonly<Record<string, number>>;
  };
}

/** `npm run bench`: about 10 minutes on a 2-core machine. */
export const fullPlan: Plan = {
  name: 'full',
  throughput: {
    sizes: [10_000, 100_000, 1_000_000],
    targetSizes: [100_000, 1_000_000],
    concurrencies: [1, 8, 64],
    kinds: ['promise', 'observable'],
    rounds: { 10_000: 3, 100_000: 5, 1_000_000: 2 },
    headlineRounds: 5,
    warmupTasks: 50_000,
    sampleTasks: 50_000,
    maxN: { bottleneck: 10_000, 'rx-mergemap': 100_000 },
  },
  memory: { queued: 1_000_000, concurrency: 8, rounds: 1 },
  cancellation: { queued: 1_000_000, concurrency: 8, rounds: 2 },
  hierarchy: { depths: [5_000, 10_000], chainRounds: 5, children: 100_000, childRounds: 3 },
  metricsCost: { n: 100_000, concurrency: 8, rounds: 5 },
  devtools: { n: 100_000, concurrency: 8, rounds: 5, kinds: ['promise', 'macrotask'] },
  pipeline: {
    sizes: [10_000, 100_000, 1_000_000],
    targetSizes: [100_000, 1_000_000],
    kinds: ['promise', 'observable'],
    concurrency: 8,
    rounds: { 10_000: 5, 100_000: 5, 1_000_000: 3 },
    slowRounds: 1,
  },
  flow: {
    sizes: [1_000, 10_000, 1_000_000],
    concurrency: 8,
    rounds: { 1_000: 3, 10_000: 5, 1_000_000: 3 },
    sampleTasks: 50_000,
    maxN: { 'bottleneck-reservoir': 1_000, 'p-queue-priority': 10_000 },
  },
};

/**
 * `npm run bench:quick`: the same cases, 10× smaller, fewer rounds, shorter
 * samples; under a minute. Bottleneck sits it out (its smallest run is 25 s).
 */
export const quickPlan: Plan = {
  name: 'quick',
  throughput: {
    sizes: [10_000, 100_000],
    targetSizes: [10_000, 100_000],
    concurrencies: [1, 8, 64],
    kinds: ['promise', 'observable'],
    rounds: { 10_000: 2, 100_000: 2 },
    headlineRounds: 3,
    warmupTasks: 20_000,
    sampleTasks: 20_000,
    maxN: { bottleneck: 0, 'rx-mergemap': 10_000 },
  },
  memory: { queued: 100_000, concurrency: 8, rounds: 1 },
  cancellation: { queued: 100_000, concurrency: 8, rounds: 2 },
  hierarchy: { depths: [5_000, 10_000], chainRounds: 3, children: 10_000, childRounds: 1 },
  metricsCost: { n: 20_000, concurrency: 8, rounds: 3 },
  devtools: { n: 100_000, concurrency: 8, rounds: 3, kinds: ['promise'] },
  pipeline: {
    sizes: [10_000, 100_000],
    targetSizes: [10_000, 100_000],
    kinds: ['promise', 'observable'],
    concurrency: 8,
    rounds: { 10_000: 3, 100_000: 2 },
    slowRounds: 1,
  },
  flow: {
    sizes: [1_000, 10_000, 100_000],
    concurrency: 8,
    rounds: { 1_000: 2, 10_000: 3, 100_000: 2 },
    sampleTasks: 20_000,
    maxN: { 'bottleneck-reservoir': 1_000, 'p-queue-priority': 10_000 },
  },
};

/** For the smoke spec: every case once, on a few hundred tasks. */
export const smokePlan: Plan = {
  name: 'smoke',
  throughput: {
    sizes: [100, 200],
    targetSizes: [100, 200],
    concurrencies: [8],
    kinds: ['promise', 'observable'],
    rounds: { 100: 1, 200: 1 },
    headlineRounds: 1,
    warmupTasks: 50,
    sampleTasks: 50,
    maxN: {},
  },
  memory: { queued: 200, concurrency: 8, rounds: 1 },
  cancellation: { queued: 200, concurrency: 8, rounds: 1 },
  hierarchy: { depths: [20, 40], chainRounds: 1, children: 100, childRounds: 1 },
  metricsCost: { n: 200, concurrency: 8, rounds: 1 },
  devtools: { n: 200, concurrency: 8, rounds: 1, kinds: ['promise', 'macrotask'] },
  pipeline: { sizes: [100, 200], targetSizes: [100, 200], kinds: ['promise', 'observable'], concurrency: 8, rounds: { 100: 1, 200: 1 }, slowRounds: 1 },
  flow: { sizes: [100, 200], concurrency: 8, rounds: { 100: 1, 200: 1 }, sampleTasks: 50, maxN: { 'bottleneck-reservoir': 100 } },
};
