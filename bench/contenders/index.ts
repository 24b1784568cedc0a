import type { TrackerLibrary } from '../library.js';
import { bottleneck } from './bottleneck.js';
import type { Contender } from './Contender.js';
import { fastq } from './fastq.js';
import { floor } from './floor.js';
import { henrygdQueue } from './henrygdQueue.js';
import { pLimit } from './pLimit.js';
import { pQueue } from './pQueue.js';
import { rxMergeMap } from './rxMergeMap.js';
import { tracker, tracker3, trackerContenders, trackerJoin } from './tracker.js';

/** Every contender, in table order; the floor first. */
export const contenders: readonly Contender[] = [floor, tracker, tracker3, trackerJoin, henrygdQueue, fastq, pLimit, pQueue, rxMergeMap, bottleneck];

/** What a baseline build's contenders add to their ids: `tracker@base`… */
export const BASELINE_TAG = '@base';

/**
 * `chosen`, each tracker contender followed by its twin running `baseline` (a
 * build of another commit, loaded beside the current one): `tracker`,
 * `tracker@base`, `tracker-3`, `tracker-3@base`…
 */
export function withBaseline(chosen: readonly Contender[], baseline: TrackerLibrary): Contender[] {
  const twins = trackerContenders(() => baseline, BASELINE_TAG);
  return chosen.flatMap((c) => [c, ...twins.filter((twin) => twin.id === `${c.id}${BASELINE_TAG}`)]);
}
