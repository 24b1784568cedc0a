import { count, times, us } from '../format.js';
import type { Summary } from '../stats.js';
import { judged, type CompareOptions, type CompareResults, type CompareRow, type Compared } from './compare.js';

const WAYS: Record<Compared, [time: string, heap: string]> = {
  tracker: ['every handle awaited, then join()', 'heap per queued task, handle kept'],
  'tracker-join': ['spawn, then join()', 'heap per queued task, handle dropped'],
  'tracker-3': ['3 levels, every handle awaited, then join()', 'heap per queued task, 3 levels, handle kept'],
};

/** What a row measures, in words: `every handle awaited, then join(), of(i)`. */
export function caseOf(row: Pick<CompareRow, 'measure' | 'contender' | 'kind'>): string {
  const [time, heap] = WAYS[row.contender];
  if (row.measure === 'heap') return heap;
  return `${time}, ${row.kind === 'promise' ? 'Promise.resolve(i)' : 'of(i)'}`;
}

/** The verdict of a row: `PASS`, `MISS`, with `?` when the A/A control moved by more than the threshold. */
export function verdictOf(row: Pick<CompareRow, 'pass' | 'unresolved'>): string {
  return `${row.pass ? 'PASS' : 'MISS'}${row.unresolved ? '?' : ''}`;
}

/**
 * The comparison as Markdown: what ran, the noise of the run (its A/A control),
 * the overall verdict, then one table of every cell: medians of both builds and
 * their ratio by the clock the verdict reads, the control's ratio, the same two
 * ratios by the other clock, the verdict.
 */
export function formatCompare(results: CompareResults): string {
  const { machine, options, rows } = results;
  const threshold = percent(options.threshold);
  const [main, other] = options.clock === 'cpu' ? ['CPU time', 'wall clock'] : ['wall clock', 'CPU time'];
  const name = (side: CompareResults['current']) => (side.commit === undefined ? side.ref : `${side.ref} (${side.commit.slice(0, 7)})`);
  const out = [
    `## ${name(results.current)} vs the baseline ${name(results.baseline)}`,
    '',
    `${machine.date.slice(0, 10)}, checkout ${machine.commit}; Node ${machine.node}, ${machine.cores} × ${machine.cpu}; ` +
      `${Math.round(results.seconds)} s; 1-minute load average ${results.load.map((l) => l.toFixed(1)).join(' → ')}. ` +
      `Both builds are the published kind (dist/esm), loaded side by side before the first sample, sharing one rxjs. ` +
      `Concurrency ${options.concurrency}, ${options.rounds} rounds; a sample is a clean heap, ${count(options.sampling.warmupTasks)} tasks of warm-up, ` +
      `then runs of N tasks until ${count(options.sampling.sampleTasks)} ran. ` +
      `"current ÷ baseline" is the median over the rounds of the ratio of the two builds' samples in the same round (taken seconds apart, the order rotating), ` +
      `(min–max) over the rounds; "A/A" is the same for a second copy of the baseline: the noise of that cell. ` +
      `The verdict reads the ${main} (the µs columns): PASS when current ÷ baseline is at most ${times(1 + options.threshold)}, ` +
      `"?" when the A/A control itself is further than ${threshold} from 1×.`,
    '',
    ...noise(results),
    overall(results),
    '',
    `| case | N | current, ${main} | baseline, ${main} | current ÷ baseline | A/A | ${other}: current ÷ baseline | ${other}: A/A | verdict |`,
    '|---|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const row of rows) {
    const shown = judged(row, options.clock);
    const unit = row.measure === 'time' ? (v: number) => `${us(v)} µs` : (v: number) => `${Math.round(v)} B`;
    const aside = row.measure === 'heap' ? undefined : options.clock === 'cpu' ? row.value : row.cpu;
    out.push(
      `| ${caseOf(row)} | ${count(row.n)} | ${unit(shown.current.median)} | ${unit(shown.baseline.median)} | ${withRange(shown.ratio)} | ${withRange(shown.controlRatio)} | ` +
        `${aside === undefined ? '—' : fine(aside.ratio.median)} | ${aside?.controlRatio === undefined ? '—' : fine(aside.controlRatio.median)} | ${verdictOf(row)} |`,
    );
  }
  return out.join('\n') + '\n';
}

/** How far from 1× the A/A control's medians landed over the timed cells, by either clock. */
function noise(results: CompareResults): string[] {
  const timed = results.rows.filter((r) => r.measure === 'time' && r.value.controlRatio !== undefined);
  if (timed.length === 0) return ['No A/A control ran (`--no-control`): the run gives no estimate of its own noise.', ''];
  const spread = (clock: CompareOptions['clock']) => {
    const off = timed.map((row) => ({ row, by: Math.abs(judged(row, clock).controlRatio!.median - 1) })).sort((a, b) => a.by - b.by);
    const worst = off[off.length - 1];
    const beyond = off.filter((o) => o.by > results.options.threshold).length;
    return `the middle cell ${percent(off[Math.floor((off.length - 1) / 2)].by)} from 1×, the worst ${percent(worst.by)} (${caseOf(worst.row)}, N=${count(worst.row.n)}), ${cells(beyond)} beyond ${percent(results.options.threshold)}`;
  };
  return [`Noise, from the A/A control (${cells(timed.length)} timed): in CPU time ${spread('cpu')}; by the wall clock ${spread('wall')}.`, ''];
}

/** One line: PASS when every cell passes, else the cells that miss. */
function overall(results: CompareResults): string {
  const { rows, options } = results;
  const misses = rows.filter((r) => !r.pass);
  const unresolved = rows.filter((r) => r.unresolved).length;
  const tail = unresolved === 0 ? '' : `; ${cells(unresolved)} beyond this run's resolution (marked "?")`;
  if (misses.length === 0) return `**Verdict: PASS**: all ${cells(rows.length)} within ${percent(options.threshold)}${tail}.`;
  const each = misses.map((r) => `${caseOf(r)} at N=${count(r.n)} ${fine(judged(r, options.clock).ratio.median)}`);
  return `**Verdict: MISS** in ${misses.length} of ${cells(rows.length)}: ${each.join('; ')}${tail}.`;
}

function cells(n: number): string {
  return `${n} cell${n === 1 ? '' : 's'}`;
}

function percent(fraction: number): string {
  return `${+(fraction * 100).toFixed(1)}%`;
}

/** A ratio to three decimals (`1.034×`): two would print a 3.4% slowdown that misses as 1.03×. */
function fine(value: number): string {
  return `${value.toFixed(3)}×`;
}

function withRange(summary: Summary | undefined): string {
  if (summary === undefined) return '—';
  return summary.samples.length === 1 ? fine(summary.median) : `${fine(summary.median)} (${summary.min.toFixed(2)}–${summary.max.toFixed(2)})`;
}
