import type { Summary } from './stats.js';

/** Reports what is running, for the impatient (the CLI prints it to stderr). */
export type Progress = (message: string) => void;

/**
 * Measures every item once per round, alternating items within a round and
 * starting each round one item later, so no item always runs first (on a fresh
 * heap) or right after the same neighbour (on its garbage).
 *
 * @param roundsOf How many rounds an item takes part in (at most `rounds`).
 * @returns the samples of each item, in the order of `items`.
 */
export async function interleave<T, S>(
  items: readonly T[],
  rounds: number,
  measure: (item: T) => Promise<S>,
  roundsOf: (item: T) => number = () => rounds,
): Promise<S[][]> {
  const samples = items.map((): S[] => []);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < items.length; i++) {
      const at = (i + round) % items.length;
      if (round < roundsOf(items[at])) samples[at].push(await measure(items[at]));
    }
  }
  return samples;
}

/** The median of the item with id `floor` (as the ratios' base), if it ran. */
export function floorMedian(items: readonly { readonly id: string }[], summaries: readonly Summary[]): number | undefined {
  return summaries[items.findIndex((item) => item.id === 'floor')]?.median;
}
