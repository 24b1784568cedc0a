import { count, times, us } from '../format.js';
import type { Summary } from '../stats.js';
import type { CompareResults, CompareRow, Compared } from './compare.js';

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
 * the overall verdict, then one table of every cell: medians of both builds, their
 * ratio (wall clock, and CPU time beside it), the control's ratio, the verdict.
 */
export function formatCompare(results: CompareResults): string {
  const { machine, options, rows } = results;
  const threshold = `${(options.threshold * 100).toFixed(0)}%`;
  const name = (side: CompareResults['current']) => (side.commit === undefined ? side.ref : `${side.ref} (${side.commit.slice(0, 7)})`);
  const out = [
    `## ${name(results.current)} vs the baseline ${name(results.baseline)}`,
    '',
    `${machine.date.slice(0, 10)}, checkout ${machine.commit}; Node ${machine.node}, ${machine.cores} × ${machine.cpu}; ` +
      `${Math.round(results.seconds)} s; 1-minute load average ${results.load.map((l) => l.toFixed(1)).join(' → ')}. ` +
      `Both builds are the published kind (dist/esm), loaded side by side before the first sample, sharing one rxjs. ` +
      `Concurrency ${options.concurrency}, ${options.rounds} rounds; a sample is a clean heap, ${count(options.sampling.warmupTasks)} tasks of warm-up, ` +
      `then runs of N tasks until ${count(options.sampling.sampleTasks)} ran. ` +
      `"current ÷ baseline" is the median over the rounds of the two builds' samples of the same round (taken seconds apart, the order rotating), ` +
      `(min–max) over the rounds; "A/A" is the same for a second copy of the baseline, i.e. the noise of that cell. ` +
      `PASS when current ÷ baseline is at most ${times(1 + options.threshold)} (${threshold} slower); "?" when the A/A control itself is further than ${threshold} from 1×.`,
    '',
    ...noise(results),
    overall(results),
    '',
    '| case | N | current | baseline | current ÷ baseline | CPU time ÷ | A/A | verdict |',
    '|---|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const row of rows) {
    const unit = row.measure === 'time' ? (v: number) => `${us(v)} µs` : (v: number) => `${Math.round(v)} B`;
    out.push(
      `| ${caseOf(row)} | ${count(row.n)} | ${unit(row.value.current.median)} | ${unit(row.value.baseline.median)} | ${ratioWithRange(row.value.ratio)} | ` +
        `${row.cpu === undefined ? '—' : times(row.cpu.ratio.median)} | ${row.value.controlRatio === undefined ? '—' : ratioWithRange(row.value.controlRatio)} | ${verdictOf(row)} |`,
    );
  }
  return out.join('\n') + '\n';
}

/** The noise line: how far from 1× the A/A control's medians landed, over the timed cells. */
function noise(results: CompareResults): string[] {
  const timed = results.rows.filter((r) => r.measure === 'time' && r.value.controlRatio !== undefined);
  if (timed.length === 0) return ['No A/A control ran (`--no-control`): the run gives no estimate of its own noise.', ''];
  const off = timed.map((r) => ({ row: r, by: Math.abs(r.value.controlRatio!.median - 1) })).sort((a, b) => a.by - b.by);
  const median = off[Math.floor((off.length - 1) / 2)].by;
  const worst = off[off.length - 1];
  const percent = (by: number) => `${(by * 100).toFixed(1)}%`;
  return [
    `Noise, from the A/A control over ${timed.length} timed cells: its median is ${percent(median)} from 1× in the middle cell, ` +
      `${percent(worst.by)} at worst (${caseOf(worst.row)}, N=${count(worst.row.n)}); ${off.filter((o) => o.by > results.options.threshold).length} cells beyond the threshold.`,
    '',
  ];
}

/** One line: PASS when every cell passes, else the cells that miss. */
function overall(results: CompareResults): string {
  const misses = results.rows.filter((r) => !r.pass);
  const unresolved = results.rows.filter((r) => r.unresolved).length;
  const tail = unresolved === 0 ? '' : `; ${unresolved} cells beyond this run's resolution (marked "?")`;
  if (misses.length === 0) return `**Verdict: PASS**: all ${results.rows.length} cells within ${(results.options.threshold * 100).toFixed(0)}%${tail}.`;
  return `**Verdict: MISS** in ${misses.length} of ${results.rows.length} cells: ${misses.map((r) => `${caseOf(r)} at N=${count(r.n)} ${times(r.value.ratio.median)}`).join('; ')}${tail}.`;
}

function ratioWithRange(summary: Summary): string {
  return summary.samples.length === 1 ? times(summary.median) : `${times(summary.median)} (${summary.min.toFixed(2)}–${summary.max.toFixed(2)})`;
}
