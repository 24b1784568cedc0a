/** The samples of one measurement and their order statistics. */
export interface Summary {
  /** Every sample, in the order taken (one per round). */
  readonly samples: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** First and third quartiles (linear interpolation); with few rounds, prefer min–max. */
  readonly q1: number;
  readonly q3: number;
}

/**
 * Order statistics of `samples`. Medians, not means: a round that happened to
 * pay for a major GC or a CPU frequency dip should not move the result.
 * @throws RangeError if `samples` is empty.
 */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('summarize(samples): needs at least one sample, got 0');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    samples: [...samples],
    median: quantile(sorted, 0.5),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
  };
}

/** The `q` quantile of ascending `sorted`, interpolating between neighbours. */
export function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

/** `value / base`, or `undefined` when there is no base to divide by. */
export function ratio(value: number | undefined, base: number | undefined): number | undefined {
  return value === undefined || base === undefined || base === 0 ? undefined : value / base;
}
