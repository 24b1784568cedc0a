import { BASELINE_TAG } from './contenders/index.js';
import { HEADLINE } from './plan.js';
import { count, ms, times, us } from './format.js';
import { flowRow, FLOW_RUNNERS } from './cases/flow.js';
import { COMPARISONS, pipelineRow } from './cases/pipeline.js';
import type { BenchResults } from './results.js';
import type { Summary } from './stats.js';

/**
 * The results as Markdown (readable in a terminal, pasteable into the README):
 * the targets, a summary in the issue's shape, then every case.
 */
export function formatReport(results: BenchResults): string {
  const out: string[] = [];
  const { machine, plan } = results;
  out.push(`## Benchmark results (${plan.name} plan)`);
  out.push('');
  out.push(
    `${machine.date.slice(0, 10)}, commit ${machine.commit}; Node ${machine.node} (V8 ${machine.v8}), ${machine.platform}, ` +
      `${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB; ${Math.round(results.seconds)} s; ` +
      `tracker ${results.library === 'dist' ? 'from the published build (dist/esm)' : 'run from lib/ through tsx'}` +
      `${results.baseline === undefined ? '' : `, beside the baseline ${baselineName(results.baseline)} (its contenders end in ${BASELINE_TAG})`}. ` +
      'Median of the rounds, (min–max) when there were several; ×floor is median over the floor\'s median in the same cell.',
  );
  const areas: Record<number, string> = { 5: 'throughput and memory', 9: 'pipelines', 10: 'observation', 12: 'devtools', 13: 'flow control' };
  for (const issue of [5, 9, 10, 12, 13]) {
    const targets = results.targets.filter((t) => (t.issue ?? 5) === issue);
    if (targets.length === 0) continue;
    section(
      out,
      `Targets (${areas[issue]})`,
      ['target', 'measured', 'result'],
      targets.map((t) => [t.goal, t.measured, t.pass === undefined ? 'n/a' : t.pass ? 'PASS' : 'MISS']),
      'left',
    );
  }
  summary(out, results);
  againstBaseline(out, results);
  throughput(out, results);
  if (results.memory.length > 0) {
    section(
      out,
      `Heap per queued task (${count(plan.memory.queued)} queued, c=${plan.memory.concurrency}, handle included)`,
      ['contender', 'bytes/task', '×floor'],
      results.memory.map((r) => [r.label, spread(r.bytesPerTask, (v) => String(Math.round(v))), ratio(r.ratioToFloor)]),
    );
  }
  if (results.cancellation.length > 0) {
    section(
      out,
      `Cancellation: cancel() with ${count(plan.cancellation.queued)} queued tasks (c=${plan.cancellation.concurrency})`,
      ['tracker', 'spawn, ms', 'cancel() call, ms', 'until all settled, ms', 'cancel ÷ spawn'],
      results.cancellation.map((r) => [r.contender, spread(r.spawnMs, ms), spread(r.cancelCallMs, ms), spread(r.cancelMs, ms), ratio(r.ratio)]),
    );
  }
  const hierarchy = results.hierarchy;
  if (hierarchy !== undefined) {
    section(
      out,
      'Hierarchy: join() on a chain of child trackers, one task at the bottom',
      ['depth', 'build chain, ms', 'spawn + join, ms', 'works'],
      hierarchy.chains.map((c) => [count(c.depth), c.buildMs ? spread(c.buildMs, ms) : '—', c.joinMs ? spread(c.joinMs, ms) : '—', c.error ?? 'yes']),
    );
    const children = hierarchy.children;
    section(
      out,
      `Hierarchy: ${count(children.children)} children created, used once (one task), joined`,
      ['time, ms', 'heap after − before, KiB', 'childCount() after'],
      [[spread(children.ms, ms), spread(children.retainedBytes, (v) => (v / 1024).toFixed(0)), String(children.childCountAfter)]],
    );
  }
  if (results.metricsCost.length > 0) {
    section(
      out,
      `Metrics cost: spawn + settle, ${count(plan.metricsCost.n)} promise tasks, c=${plan.metricsCost.concurrency}, flat tracker`,
      ['subscriber', 'µs/task', '× none', 'emissions (last run)'],
      results.metricsCost.map((r) => [r.listener, spread(r.usPerTask, us), ratio(r.ratioToNone), r.emissions.toLocaleString('en-US')]),
    );
  }
  pipeline(out, results);
  if (results.devtools.length > 0) {
    section(
      out,
      `Devtools: spawn + settle, ${count(plan.devtools.n)} tasks, c=${plan.devtools.concurrency}, flat tracker, with the panel's data layer (DevtoolsModel) attached or not`,
      ['task', 'watcher', 'µs/task', '× none', 'bars held'],
      results.devtools.map((r) => [r.kind === 'promise' ? 'Promise.resolve(i)' : 'setImmediate', r.watcher, spread(r.usPerTask, us), ratio(r.ratioToNone), String(r.bars)]),
    );
  }
  flow(out, results);
  return out.join('\n') + '\n';
}

/** Issue 9's tables: the operator against mergeMap, spawn$ against spawn, by inner kind and item count. */
function pipeline(out: string[], results: BenchResults): void {
  const rows = results.pipeline;
  if (rows.length === 0) return;
  const { sizes, kinds, concurrency } = results.plan.pipeline;
  const inner = (kind: string) => (kind === 'promise' ? 'Promise.resolve(i)' : 'of(i)');
  for (const [ours, theirs] of COMPARISONS) {
    const table = kinds.flatMap((kind) =>
      sizes.flatMap((n) => {
        const mine = pipelineRow(rows, ours, kind, n);
        const base = pipelineRow(rows, theirs, kind, n);
        if (mine === undefined || base === undefined) return [];
        return [[inner(kind), count(n), spread(mine.usPerItem, us), spread(base.usPerItem, us), ratio(mine.ratio)]];
      }),
    );
    if (table.length === 0) continue;
    section(
      out,
      ours === 'mergeTask'
        ? `Pipeline: range(0, N) through mergeTask (SemaphoreScheduler of ${concurrency}) vs mergeMap(…, ${concurrency}), µs/item`
        : `spawn$ vs spawn, one task per item (SemaphoreScheduler of ${concurrency}), µs/task`,
      ['inner', 'N', ours, theirs, `${ours} ÷ ${theirs}`],
      table,
    );
  }
}

/** Issue 13's table: every runner at every N, µs/task and × the flat semaphore. */
function flow(out: string[], results: BenchResults): void {
  const rows = results.flow;
  if (rows.length === 0) return;
  const { sizes, concurrency } = results.plan.flow;
  const runners = FLOW_RUNNERS.filter((runner) => rows.some((r) => r.runner === runner));
  section(
    out,
    `Flow control: N tasks returning Promise.resolve(i), at most ${concurrency} running, µs/task (× SemaphoreScheduler)`,
    ['runner', ...sizes.map((n) => `N=${count(n)}`)],
    runners.map((runner) => [
      runner,
      ...sizes.map((n) => {
        const row = flowRow(rows, runner, n);
        return row === undefined ? '—' : `${spread(row.usPerTask, us)} (${ratio(row.ratioToSemaphore)})`;
      }),
    ]),
  );
  section(
    out,
    'Flow control, the same runs in CPU time of this process (user + system, GC threads included), µs/task (× SemaphoreScheduler)',
    ['runner', ...sizes.map((n) => `N=${count(n)}`)],
    runners.map((runner) => [
      runner,
      ...sizes.map((n) => {
        const row = flowRow(rows, runner, n);
        return row === undefined ? '—' : `${spread(row.cpuUsPerTask, us)} (${ratio(row.cpuRatioToSemaphore)})`;
      }),
    ]),
  );
}

/** The issue's table: headline cell at both target sizes, heap, scaling. */
function summary(out: string[], results: BenchResults): void {
  const [mediumN, largeN] = results.plan.throughput.targetSizes;
  const ids = results.contenders;
  const headline = (id: string, n: number) =>
    results.throughput.find((r) => r.contender === id && r.n === n && r.concurrency === HEADLINE.concurrency && r.kind === HEADLINE.kind);
  const rows = ids
    .map((id) => {
      const medium = headline(id, mediumN);
      const large = headline(id, largeN);
      const heap = results.memory.find((r) => r.contender === id);
      const scaling = results.scaling.find((r) => r.contender === id);
      if (!medium && !large && !heap) return undefined;
      const label = (medium ?? large)?.label ?? heap!.label;
      return [
        label,
        medium ? `${us(medium.usPerTask.median)} (${ratio(medium.ratioToFloor)})` : '—',
        large ? `${us(large.usPerTask.median)} (${ratio(large.ratioToFloor)})` : '—',
        heap ? `${Math.round(heap.bytesPerTask.median)} B (${ratio(heap.ratioToFloor)})` : '—',
        scaling ? scaling.ratio.toFixed(2) : '—',
      ];
    })
    .filter((row) => row !== undefined);
  if (rows.length === 0) return;
  section(
    out,
    `Summary: c=${HEADLINE.concurrency}, ${HEADLINE.kind} tasks (×floor in parentheses)`,
    ['contender', `${count(mediumN)} tasks, µs/task`, `${count(largeN)} tasks, µs/task`, `heap per queued task`, `scaling ${count(largeN)} ÷ ${count(mediumN)}`],
    rows,
  );
}

function baselineName(baseline: NonNullable<BenchResults['baseline']>): string {
  return baseline.commit === undefined ? baseline.ref : `${baseline.ref} (${baseline.commit.slice(0, 7)})`;
}

/** Every tracker contender next to its baseline twin, cell by cell: medians and their ratio. */
function againstBaseline(out: string[], results: BenchResults): void {
  if (results.baseline === undefined) return;
  const rows: string[][] = [];
  for (const row of results.throughput) {
    const twin = results.throughput.find(
      (r) => r.contender === `${row.contender}${BASELINE_TAG}` && r.kind === row.kind && r.n === row.n && r.concurrency === row.concurrency,
    );
    if (twin === undefined) continue;
    const cell = `${row.kind === 'promise' ? 'Promise.resolve(i)' : 'of(i)'}, N=${count(row.n)}, c=${row.concurrency}`;
    rows.push([row.contender, cell, `${spread(row.usPerTask, us)} µs`, `${spread(twin.usPerTask, us)} µs`, ratio(row.usPerTask.median / twin.usPerTask.median)]);
  }
  for (const row of results.memory) {
    const twin = results.memory.find((r) => r.contender === `${row.contender}${BASELINE_TAG}`);
    if (twin === undefined) continue;
    const bytes = (v: number) => String(Math.round(v));
    rows.push([row.contender, `heap per queued task, ${count(row.queued)} queued`, `${spread(row.bytesPerTask, bytes)} B`, `${spread(twin.bytesPerTask, bytes)} B`, ratio(row.bytesPerTask.median / twin.bytesPerTask.median)]);
  }
  section(out, `Against the baseline ${baselineName(results.baseline)}: medians of the same run, and current ÷ baseline`, ['contender', 'cell', 'current', 'baseline', 'current ÷ baseline'], rows);
}

/** One table per task kind and N: contenders × concurrencies. */
function throughput(out: string[], results: BenchResults): void {
  const { kinds, sizes, concurrencies } = results.plan.throughput;
  for (const kind of kinds) {
    for (const n of sizes) {
      const rows = results.throughput.filter((r) => r.kind === kind && r.n === n);
      if (rows.length === 0) continue;
      const ids = results.contenders.filter((id) => rows.some((r) => r.contender === id));
      const cs = concurrencies.filter((c) => rows.some((r) => r.concurrency === c));
      section(
        out,
        `Throughput: ${count(n)} ${kind === 'promise' ? 'tasks returning Promise.resolve(i)' : 'tasks that are of(i)'}, µs/task`,
        ['contender', ...cs.flatMap((c) => [`c=${c}`, '×floor'])],
        ids.map((id) => {
          const label = rows.find((r) => r.contender === id)!.label;
          return [
            label,
            ...cs.flatMap((c) => {
              const row = rows.find((r) => r.contender === id && r.concurrency === c);
              return row ? [spread(row.usPerTask, us), ratio(row.ratioToFloor)] : ['—', ''];
            }),
          ];
        }),
      );
    }
  }
}

/** A Markdown table under a heading; columns after the first are right-aligned (numbers) unless `align` says otherwise. */
function section(out: string[], title: string, header: readonly string[], rows: readonly (readonly string[])[], align: 'left' | 'right' = 'right'): void {
  const rule = header.map((_, i) => (i === 0 || align === 'left' ? '---' : '--:')).join('|');
  out.push('', `### ${title}`, '', `| ${header.join(' | ')} |`, `|${rule}|`);
  for (const row of rows) out.push(`| ${row.join(' | ')} |`);
}

function spread(summary: Summary, format: (value: number) => string): string {
  return summary.samples.length === 1 ? format(summary.median) : `${format(summary.median)} (${format(summary.min)}–${format(summary.max)})`;
}

function ratio(value: number | undefined): string {
  return value === undefined ? '—' : times(value);
}
