// The guard rail of a rewrite (`npm run bench:compare`): the tracker of one build
// against another's, side by side in one process, cell by cell, with an A/A control
// (a second copy of the baseline) that shows what the same code measures against
// itself in the same run.
import os from 'node:os';
import { controlCopy, type Build } from '../builds.js';
import { queuedHeap } from '../cases/memory.js';
import { sampleThroughput, type PerTask, type Sampling } from '../cases/throughput.js';
import type { Contender } from '../contenders/Contender.js';
import { trackerContenders } from '../contenders/tracker.js';
import { count, us } from '../format.js';
import { importBuild } from '../library.js';
import { describeMachine, type Machine } from '../machine.js';
import { now } from '../measure.js';
import type { TaskKind } from '../plan.js';
import { interleave, type Progress } from '../rounds.js';
import { summarize, type Summary } from '../stats.js';

/** The tracker contenders a comparison can run (bench/contenders/tracker.ts). */
export const COMPARED = ['tracker', 'tracker-join', 'tracker-3'] as const;
export type Compared = (typeof COMPARED)[number];

/** The builds side by side: the current one, the baseline, and a second copy of the baseline (the A/A control). */
export const VARIANTS = ['current', 'baseline', 'control'] as const;
export type Variant = (typeof VARIANTS)[number];

/** What a comparison runs (`npm run bench:compare -- --help` sets them). */
export interface CompareOptions {
  /** Task counts, ascending. */
  readonly sizes: readonly number[];
  readonly kinds: readonly TaskKind[];
  /** `tracker`: every handle awaited, then `join()`; `tracker-join`: spawn, then `join()`; `tracker-3`: as `tracker`, on a grandchild. */
  readonly contenders: readonly Compared[];
  readonly concurrency: number;
  /** Samples per build in every cell. */
  readonly rounds: number;
  /** Tasks a sample runs untimed, then timed (in runs of N). */
  readonly sampling: Sampling;
  /** Tasks queued for the heap measure (0: none), and its rounds. */
  readonly memory: { readonly queued: number; readonly rounds: number };
  /** The largest slowdown that passes: 0.03 for 3%. */
  readonly threshold: number;
  /** Whether the A/A control runs (half as much time again). */
  readonly control: boolean;
  /**
   * The clock the verdict reads: `cpu`, the CPU time of this process (which leaves
   * out the spells other processes held the core), or `wall`. Both are reported.
   */
  readonly clock: 'cpu' | 'wall';
}

/** The guard rail of a rewrite: 1k to 1M tasks, both ways of waiting, both task kinds, c=8. 4 to 13 minutes on 2 cores, by the load. */
export const defaultCompare: CompareOptions = {
  sizes: [1_000, 10_000, 100_000, 1_000_000],
  kinds: ['promise', 'observable'],
  contenders: ['tracker', 'tracker-join'],
  concurrency: 8,
  rounds: 7,
  sampling: { warmupTasks: 50_000, sampleTasks: 200_000 },
  memory: { queued: 1_000_000, rounds: 3 },
  threshold: 0.03,
  control: true,
  clock: 'cpu',
};

/** One measure of the builds in one cell, a sample per round each. */
export interface Measured {
  readonly current: Summary;
  readonly baseline: Summary;
  readonly control: Summary | undefined;
  /** current ÷ baseline of the samples taken in the same round, one per round. */
  readonly ratio: Summary;
  /** control ÷ baseline likewise: the same code against itself, the noise of this cell. */
  readonly controlRatio: Summary | undefined;
}

/** One contender in one cell: µs per task (`time`) or bytes per queued task (`heap`). */
export interface CompareRow {
  readonly measure: 'time' | 'heap';
  readonly contender: Compared;
  /** The task kind (`undefined` for `heap`: the queued tasks return one never-settling promise). */
  readonly kind: TaskKind | undefined;
  /** Tasks per run, or tasks queued. */
  readonly n: number;
  /** Wall clock (µs per task), or bytes per task. */
  readonly value: Measured;
  /** CPU time of the process, µs per task (`time` only). */
  readonly cpu: Measured | undefined;
  /** The median ratio (of the options' clock, or of bytes) is at most 1 + threshold. */
  readonly pass: boolean;
  /** The A/A control's median ratio is further than the threshold from 1: this run cannot resolve the threshold here. */
  readonly unresolved: boolean;
}

/** What `bench/results/compare.json` holds. */
export interface CompareResults {
  readonly machine: Machine;
  readonly options: CompareOptions;
  readonly current: { readonly ref: string; readonly commit: string | undefined };
  readonly baseline: { readonly ref: string; readonly commit: string | undefined };
  readonly rows: readonly CompareRow[];
  /** 1-minute load average at the start and at the end (2 on 2 cores: both busy). */
  readonly load: readonly [number, number];
  readonly seconds: number;
}

/**
 * Loads the builds (the control is a fresh copy of the baseline's files), warms
 * each up once untimed, then, round after round, samples every cell (contender × kind × N) once per build,
 * the builds in an order that rotates with the round and the cell, a clean heap
 * and a warm-up before each sample (bench/cases/throughput.ts). A cell's samples
 * are thus spread over the whole run, and the samples compared with each other
 * are taken seconds apart. The heap per queued task of each contender comes last.
 */
export async function runCompare(options: CompareOptions, builds: { readonly current: Build; readonly baseline: Build }, progress: Progress = () => {}): Promise<CompareResults> {
  const started = now();
  const load = os.loadavg()[0];
  // The same folder twice (`--current main --baseline main`) would be one set of modules: the current side gets a copy.
  const same = builds.current.esm === builds.baseline.esm;
  const libraries = [
    await importBuild(same ? controlCopy(builds.current.esm) : builds.current.esm),
    await importBuild(builds.baseline.esm),
    ...(options.control ? [await importBuild(controlCopy(builds.baseline.esm))] : []),
  ];
  const variants = VARIANTS.slice(0, libraries.length);
  const contenders = libraries.map((lib) => trackerContenders(() => lib));
  const contender = (variant: number, id: Compared): Contender => contenders[variant].find((c) => c.id === id)!;

  // One untimed sample of every build, contender and kind at a small N first, so
  // that no timed sample is the first run of its code (or of the harness's) in the process.
  for (const id of options.contenders) {
    for (const kind of options.kinds) {
      for (const v of variants.keys()) await sampleThroughput(options.sampling, contender(v, id), Math.min(options.sizes[0], 10_000), options.concurrency, kind);
    }
  }
  const cells = options.contenders.flatMap((id) => options.kinds.flatMap((kind) => options.sizes.map((n) => ({ id, kind, n }))));
  const samples = cells.map(() => variants.map((): PerTask[] => []));
  for (let round = 0; round < options.rounds; round++) {
    for (const [at, { id, kind, n }] of cells.entries()) {
      for (let i = 0; i < variants.length; i++) {
        const v = (i + round + at) % variants.length;
        samples[at][v].push(await sampleThroughput(options.sampling, contender(v, id), n, options.concurrency, kind));
      }
      const last = samples[at].map((s) => `${us(s[round].usPerTask)} (${us(s[round].cpuUsPerTask)})`);
      progress(`round ${round + 1}/${options.rounds}: ${id}, ${kind}, N=${count(n)}: µs/task, wall (CPU): ${variants.map((v, i) => `${v} ${last[i]}`).join(', ')}`);
    }
  }
  const rows: CompareRow[] = cells.map(({ id, kind, n }, at) => {
    const wall = measured(samples[at].map((s) => s.map((x) => x.usPerTask)));
    const cpu = measured(samples[at].map((s) => s.map((x) => x.cpuUsPerTask)));
    return { measure: 'time', contender: id, kind, n, value: wall, cpu, ...verdict(options.clock === 'cpu' ? cpu : wall, options.threshold) };
  });

  const { queued, rounds } = options.memory;
  for (const id of queued > 0 ? options.contenders : []) {
    progress(`heap: ${id}, ${count(queued)} queued, ${rounds} rounds`);
    const heap = await interleave([...variants.keys()], rounds, (v) => queuedHeap(contender(v, id), queued, options.concurrency));
    const value = measured(heap);
    rows.push({ measure: 'heap', contender: id, kind: undefined, n: queued, value, cpu: undefined, ...verdict(value, options.threshold) });
  }
  const side = (build: Build) => ({ ref: build.ref, commit: build.commit });
  return {
    machine: describeMachine(),
    options,
    current: side(builds.current),
    baseline: side(builds.baseline),
    rows,
    load: [load, os.loadavg()[0]],
    seconds: (now() - started) / 1000,
  };
}

/** What a row's verdict read: its bytes, or its time by the options' clock. */
export function judged(row: CompareRow, clock: CompareOptions['clock']): Measured {
  return row.measure === 'time' && clock === 'cpu' ? row.cpu! : row.value;
}

/** The summaries of one measure, given the samples of each build in {@link VARIANTS} order. */
function measured([current, baseline, control]: readonly (readonly number[])[]): Measured {
  const against = (samples: readonly number[]) => summarize(samples.map((value, round) => value / baseline[round]));
  return {
    current: summarize(current),
    baseline: summarize(baseline),
    control: control === undefined ? undefined : summarize(control),
    ratio: against(current),
    controlRatio: control === undefined ? undefined : against(control),
  };
}

function verdict(value: Measured, threshold: number): Pick<CompareRow, 'pass' | 'unresolved'> {
  return {
    pass: value.ratio.median <= 1 + threshold,
    unresolved: value.controlRatio !== undefined && Math.abs(value.controlRatio.median - 1) > threshold,
  };
}
