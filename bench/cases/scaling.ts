import { HEADLINE, type Plan } from '../plan.js';
import type { ThroughputRow } from './throughput.js';

/** How a contender's cost per task grows from the medium to the large task count. */
export interface ScalingRow {
  readonly contender: string;
  readonly label: string;
  readonly mediumN: number;
  readonly largeN: number;
  /** Median µs/task at the large N over the median at the medium N (1 = linear). */
  readonly ratio: number;
}

/**
 * Derived from the throughput rows of the headline cells (c=8, promise tasks) at
 * the plan's two target sizes; contenders missing either are left out.
 */
export function scalingRows(plan: Plan, throughput: readonly ThroughputRow[]): ScalingRow[] {
  const [mediumN, largeN] = plan.throughput.targetSizes;
  const headline = throughput.filter((row) => row.concurrency === HEADLINE.concurrency && row.kind === HEADLINE.kind);
  const rows: ScalingRow[] = [];
  for (const large of headline.filter((row) => row.n === largeN)) {
    const medium = headline.find((row) => row.n === mediumN && row.contender === large.contender);
    if (medium === undefined) continue;
    rows.push({ contender: large.contender, label: large.label, mediumN, largeN, ratio: large.usPerTask.median / medium.usPerTask.median });
  }
  return rows;
}
