// Smoke spec of the benchmark harness (bench/): every case runs once on a few
// hundred tasks and the results have the right shape. Benchmarks are not tests:
// nothing here asserts a time or a ratio's value.
import * as path from 'node:path';
import { resolveCommit, type Build } from '../../bench/builds.js';
import { FLOW_RUNNERS } from '../../bench/cases/flow.js';
import { COMPARISONS } from '../../bench/cases/pipeline.js';
import { cellContenders } from '../../bench/cases/throughput.js';
import { defaultCompare, judged, runCompare, type CompareOptions, type CompareResults } from '../../bench/compare/compare.js';
import { caseOf, formatCompare, verdictOf } from '../../bench/compare/report.js';
import { floor } from '../../bench/contenders/floor.js';
import { contenders } from '../../bench/contenders/index.js';
import { tracker, trackerJoin } from '../../bench/contenders/tracker.js';
import { runBench } from '../../bench/harness.js';
import { fullPlan, smokePlan } from '../../bench/plan.js';
import { formatReport } from '../../bench/report.js';
import { CASES, type BenchResults } from '../../bench/results.js';
import { summarize, type Summary } from '../../bench/stats.js';
import { builtPackage } from '../package/packed.js';

/**
 * The published build the bench loads: the package built once per spec run
 * (spec/package/packed.ts), so the worktree's dist/ is left alone. The
 * baseline of the baseline specs is the same build, under another name.
 */
async function built(ref: string): Promise<Build> {
  return { ref, commit: undefined, esm: path.join(await builtPackage(), 'dist', 'esm') };
}

function isMeasured(summary: Summary | undefined, samples: number): boolean {
  return (
    summary !== undefined &&
    summary.samples.length === samples &&
    summary.samples.every(Number.isFinite) &&
    summary.min <= summary.median &&
    summary.median <= summary.max
  );
}

describe('bench harness', () => {
  let results: BenchResults;

  beforeAll(async () => {
    results = await runBench(smokePlan, { library: { esm: (await built('current')).esm } });
  }, 240_000);

  it('runs every case', () => {
    expect(results.cases).toEqual([...CASES]);
    expect(results.contenders).toEqual(contenders.map((c) => c.id));
  });

  it('times every contender in every throughput cell its limits allow, with one sample per round', () => {
    const { sizes, concurrencies, kinds } = smokePlan.throughput;
    const expected = kinds.flatMap((kind) =>
      sizes.flatMap((n) => concurrencies.flatMap((c) => cellContenders(smokePlan, contenders, n, c, kind).map((k) => `${kind} ${n} ${c} ${k.id}`))),
    );
    expect(results.throughput.map((r) => `${r.kind} ${r.n} ${r.concurrency} ${r.contender}`)).toEqual(expected);
    expect(results.throughput.filter((r) => !isMeasured(r.usPerTask, 1))).toEqual([]);
    expect(results.throughput.filter((r) => r.contender === 'floor').map((r) => r.ratioToFloor)).toEqual(kinds.flatMap(() => sizes.map(() => 1)));
  });

  it('derives scaling from the headline cells at both target sizes', () => {
    expect(results.scaling.map((r) => r.contender)).toContain('tracker');
    expect(results.scaling.filter((r) => !Number.isFinite(r.ratio))).toEqual([]);
  });

  it('measures the heap per queued task of every contender but the headline-only ones', () => {
    expect(results.memory.map((r) => r.contender)).toEqual(contenders.filter((c) => !c.headlineOnly).map((c) => c.id));
    expect(results.memory.filter((r) => !isMeasured(r.bytesPerTask, 1))).toEqual([]);
  });

  it('cancels the backlog of the flat and the 3-level tracker', () => {
    expect(results.cancellation.map((r) => r.contender)).toEqual(['tracker', 'tracker-3']);
    for (const row of results.cancellation) {
      expect(isMeasured(row.spawnMs, 1) && isMeasured(row.cancelMs, 1) && isMeasured(row.cancelCallMs, 1)).toBe(true);
    }
  });

  it('joins both chains and leaves no child behind', () => {
    const hierarchy = results.hierarchy!;
    expect(hierarchy.chains.map((c) => [c.depth, c.ok, c.error])).toEqual([
      [20, true, undefined],
      [40, true, undefined],
    ]);
    expect(hierarchy.chains.every((c) => isMeasured(c.joinMs, 1) && isMeasured(c.buildMs, 1))).toBe(true);
    expect(hierarchy.children.children).toBe(100);
    expect(hierarchy.children.childCountAfter).toBe(0);
  });

  it('counts what metrics$, events$ and taskEnds$ subscribers receive', () => {
    const [none, metrics, events, ends] = results.metricsCost;
    expect([none.listener, metrics.listener, events.listener, ends.listener]).toEqual(['none', 'metrics$', 'events$', 'taskEnds$']);
    expect(ends.emissions).toBe(smokePlan.metricsCost.n);
    expect(none.emissions).toBe(0);
    expect(metrics.emissions).toBeGreaterThan(0);
    // issued, started and succeeded per task, and tracker-closed from join()
    expect(events.emissions).toBe(3 * smokePlan.metricsCost.n + 1);
  });

  it('times the devtools data layer attached, detached and not there, with events$ for reference (issue 12)', () => {
    const { kinds, n } = smokePlan.devtools;
    expect(results.devtools.map((r) => `${r.kind} ${r.watcher}`)).toEqual(kinds.flatMap((kind) => ['none', 'detached', 'model', 'events$'].map((w) => `${kind} ${w}`)));
    expect(results.devtools.filter((r) => !isMeasured(r.usPerTask, 1) || r.ratioToNone === undefined)).toEqual([]);
    // The connected model drew a bar per task (up to its 1000); the others held none.
    expect(results.devtools.map((r) => r.bars)).toEqual(kinds.flatMap(() => [0, 0, n, 0]));
  });

  it('times both runners of each pipeline comparison in every cell, ours with its ratio to the other', () => {
    const { sizes, kinds } = smokePlan.pipeline;
    const expected = COMPARISONS.flatMap((pair) => kinds.flatMap((kind) => sizes.flatMap((n) => pair.map((runner) => `${runner} ${kind} ${n}`))));
    expect(results.pipeline.map((r) => `${r.runner} ${r.kind} ${r.n}`)).toEqual(expected);
    expect(results.pipeline.filter((r) => !isMeasured(r.usPerItem, 1))).toEqual([]);
    for (const row of results.pipeline) expect(row.ratio === undefined).toBe(row.runner === 'mergeMap' || row.runner === 'spawn');
  });

  it('times every flow-control runner at every N its limit allows, each with its ratio to the flat semaphore', () => {
    const { sizes, maxN } = smokePlan.flow;
    const expected = sizes.flatMap((n) => FLOW_RUNNERS.filter((runner) => n <= (maxN[runner] ?? Infinity)).map((runner) => `${runner} ${n}`));
    expect(results.flow.map((r) => `${r.runner} ${r.n}`)).toEqual(expected);
    expect(results.flow.filter((r) => !isMeasured(r.usPerTask, 1) || r.ratioToSemaphore === undefined)).toEqual([]);
    expect(results.flow.filter((r) => r.runner === 'semaphore').map((r) => r.ratioToSemaphore)).toEqual(sizes.map(() => 1));
  });

  it('checks every target, with a verdict for each since every case ran', () => {
    expect(results.targets.length).toBe(30);
    expect(results.targets.filter((t) => t.issue === 12).map((t) => t.id)).toEqual([
      'devtools-model-promise',
      'devtools-detached-promise',
      'devtools-model-macrotask',
      'devtools-detached-macrotask',
    ]);
    expect(results.targets.filter((t) => t.issue === 10).map((t) => t.id)).toEqual([
      'listener-metrics$',
      'listener-events$',
      'listener-taskEnds$',
      'observable-tasks',
      'observable-tasks-join',
      'memory-per-queued-task-10',
    ]);
    expect(results.targets.filter((t) => t.issue === 13).map((t) => t.id)).toEqual(['flow-priority', 'flow-rate-limit', 'flow-child-cap', 'flow-async-context', 'flow-async-context-own']);
    expect(results.targets.filter((t) => t.issue === 9).map((t) => t.id)).toEqual([
      'pipeline-promise-vs-mergemap',
      'pipeline-promise-scaling',
      'pipeline-observable-vs-mergemap',
      'spawn$-vs-spawn',
    ]);
    expect(results.targets.filter((t) => typeof t.pass !== 'boolean').map((t) => t.id)).toEqual([]);
  });

  it('reports the targets and every case as Markdown', () => {
    const report = formatReport(results);
    for (const heading of ['Targets (throughput and memory)', 'Targets (pipelines)', 'Summary', 'Throughput: 200 tasks returning', 'Heap per queued task', 'Cancellation', 'Hierarchy: join()', 'Metrics cost', 'Pipeline: range(0, N) through mergeTask', 'spawn$ vs spawn', 'Targets (flow control)', 'Flow control']) {
      expect(report).toContain(`### ${heading}`);
    }
    expect(report).toMatch(/\| (PASS|MISS) \|/);
  });

  it('survives a JSON round trip', () => {
    expect(JSON.parse(JSON.stringify(results))).toEqual(JSON.parse(JSON.stringify(results)));
    expect(JSON.parse(JSON.stringify(results)).plan).toEqual(smokePlan);
  });
});

describe('bench with a baseline', () => {
  let results: BenchResults;

  beforeAll(async () => {
    const esm = (await built('current')).esm;
    const cases = ['throughput', 'memory'] as const;
    results = await runBench(smokePlan, { cases, contenders: [floor, tracker, trackerJoin], library: { esm }, baseline: await built('base-ref') });
  }, 240_000);

  it('runs a twin of each tracker contender on the baseline, next to it, in every cell', () => {
    expect(results.contenders).toEqual(['floor', 'tracker', 'tracker@base', 'tracker-join', 'tracker-join@base']);
    const cells = smokePlan.throughput.kinds.length * smokePlan.throughput.sizes.length;
    expect(results.throughput.filter((r) => r.contender.endsWith('@base')).length).toBe(2 * cells);
    expect(results.memory.map((r) => r.contender)).toEqual(results.contenders);
    expect(results.baseline).toEqual({ ref: 'base-ref', commit: undefined });
  });

  it('reports current ÷ baseline for every twin', () => {
    const report = formatReport(results);
    const table = report.slice(report.indexOf('### Against the baseline base-ref'));
    const cells = smokePlan.throughput.kinds.length * smokePlan.throughput.sizes.length;
    // a header, a rule, 2 contenders × (every throughput cell + the heap), then a blank line
    expect(table.split('\n\n')[1].split('\n').length).toBe(2 + 2 * (cells + 1));
    expect(table).toMatch(/\| tracker-join \| heap per queued task, 200 queued \| \d+ B \| \d+ B \| \d+\.\d\d× \|/);
  });
});

describe('bench:compare', () => {
  const options: CompareOptions = {
    ...defaultCompare,
    sizes: [100, 200],
    rounds: 2,
    sampling: { warmupTasks: 100, sampleTasks: 200 },
    memory: { queued: 200, rounds: 1 },
  };
  let results: CompareResults;
  let uncontrolled: CompareResults;

  beforeAll(async () => {
    const builds = { current: await built('current'), baseline: await built('base-ref') };
    results = await runCompare(options, builds);
    uncontrolled = await runCompare({ ...options, contenders: ['tracker-3'], kinds: ['promise'], memory: { queued: 0, rounds: 1 }, control: false }, builds);
  }, 240_000);

  it('times every contender × kind × N, then the heap of each contender, a sample per round and build', () => {
    expect(results.rows.map((r) => `${r.measure} ${r.contender} ${r.kind} ${r.n}`)).toEqual([
      ...['tracker', 'tracker-join'].flatMap((id) => ['promise', 'observable'].flatMap((kind) => [100, 200].map((n) => `time ${id} ${kind} ${n}`))),
      'heap tracker undefined 200',
      'heap tracker-join undefined 200',
    ]);
    for (const row of results.rows) {
      const rounds = row.measure === 'time' ? 2 : 1;
      const { current, baseline, control, ratio, controlRatio } = row.value;
      for (const summary of [current, baseline, control, ratio, controlRatio]) expect(isMeasured(summary, rounds)).withContext(caseOf(row)).toBe(true);
      expect(ratio.samples).toEqual(current.samples.map((c, i) => c / baseline.samples[i]));
      expect(row.cpu === undefined).toBe(row.measure === 'heap');
      expect(row.pass).toBe(judged(row, 'cpu').ratio.median <= 1.03);
    }
  });

  it('prints one table: a row per cell, each with its ratio, A/A and verdict', () => {
    const report = formatCompare(results);
    expect(report).toContain('## current vs the baseline base-ref');
    expect(report).toMatch(/Noise, from the A\/A control \(8 cells timed\): in CPU time the middle cell [\d.]+% from 1×/);
    expect(report).toMatch(/\*\*Verdict: (PASS|MISS)\*\*/);
    const rows = report.split('\n').filter((line) => /^\| (every|spawn|heap)/.test(line));
    expect(rows.length).toBe(results.rows.length);
    rows.forEach((line, i) => expect(line).toContain(`| ${verdictOf(results.rows[i])} |`));
    const ratio = '\\d+\\.\\d{3}×';
    const ranged = `${ratio} \\(\\d+\\.\\d\\d–\\d+\\.\\d\\d\\)`;
    const time = `\\| every handle awaited, then join\\(\\), Promise\\.resolve\\(i\\) \\| 100 \\| [\\d.]+ µs \\| [\\d.]+ µs \\| ${ranged} \\| ${ranged} \\| ${ratio} \\| ${ratio} \\| (PASS|MISS)\\??`;
    expect(rows[0]).toMatch(new RegExp(`^${time} \\|$`));
    // the heap has one round here: no range
    expect(rows[rows.length - 1]).toMatch(new RegExp(`^\\| heap per queued task, handle dropped \\| 200 \\| \\d+ B \\| \\d+ B \\| ${ratio} \\| ${ratio} \\| — \\| — \\| (PASS|MISS)\\?? \\|$`));
  });

  it('runs without the A/A control or the heap when asked, and says there is no noise estimate', () => {
    expect(uncontrolled.rows.map((r) => `${r.measure} ${r.contender} ${r.n}`)).toEqual(['time tracker-3 100', 'time tracker-3 200']);
    expect(uncontrolled.rows.every((r) => r.value.control === undefined && r.value.controlRatio === undefined && !r.unresolved)).toBe(true);
    expect(formatCompare(uncontrolled)).toContain('No A/A control ran');
  });

  it('survives a JSON round trip', () => {
    expect(JSON.parse(JSON.stringify(results)).options).toEqual(options);
  });

  it('names the baseline by its full commit hash, and refuses a ref that names none', () => {
    expect(resolveCommit('HEAD')).toMatch(/^[0-9a-f]{40}$/);
    expect(() => resolveCommit('no-such-ref-for-the-bench')).toThrowError(/"no-such-ref-for-the-bench" names no commit/);
  });
});

describe('cellContenders', () => {
  const ids = (n: number, c: number, kind: 'promise' | 'observable') => cellContenders(fullPlan, contenders, n, c, kind).map((k) => k.id);

  it('runs Bottleneck only in the headline cell, and only up to 10k', () => {
    expect(ids(10_000, 8, 'promise')).toContain('bottleneck');
    expect(ids(10_000, 1, 'promise')).not.toContain('bottleneck');
    expect(ids(10_000, 8, 'observable')).not.toContain('bottleneck');
    expect(ids(100_000, 8, 'promise')).not.toContain('bottleneck');
  });

  it('stops RxJS mergeMap after 100k', () => {
    expect(ids(100_000, 64, 'observable')).toContain('rx-mergemap');
    expect(ids(1_000_000, 8, 'promise')).not.toContain('rx-mergemap');
  });

  it('runs the heavy libraries at 1M only in the headline cell', () => {
    expect(ids(1_000_000, 8, 'promise')).toEqual(['floor', 'tracker', 'tracker-3', 'tracker-join', 'henrygd', 'fastq', 'p-limit', 'p-queue']);
    expect(ids(1_000_000, 64, 'promise')).toEqual(['floor', 'tracker', 'tracker-3', 'tracker-join', 'henrygd', 'fastq']);
    expect(ids(100_000, 64, 'observable')).toContain('p-queue');
  });
});

describe('summarize', () => {
  const cases: [number[], Pick<Summary, 'median' | 'min' | 'max' | 'q1' | 'q3'>][] = [
    [[5], { median: 5, min: 5, max: 5, q1: 5, q3: 5 }],
    [[3, 1, 2], { median: 2, min: 1, max: 3, q1: 1.5, q3: 2.5 }],
    [[4, 1, 3, 2], { median: 2.5, min: 1, max: 4, q1: 1.75, q3: 3.25 }],
  ];
  for (const [samples, expected] of cases) {
    it(`gives the order statistics of [${samples.join(', ')}] and keeps the samples in order`, () => {
      expect(summarize(samples)).toEqual({ samples, ...expected });
    });
  }

  it('refuses an empty sample list with a RangeError', () => {
    expect(() => summarize([])).toThrowError(RangeError, /at least one sample, got 0/);
  });
});
