import { bottleneck } from './bottleneck.js';
import type { Contender } from './Contender.js';
import { fastq } from './fastq.js';
import { floor } from './floor.js';
import { henrygdQueue } from './henrygdQueue.js';
import { pLimit } from './pLimit.js';
import { pQueue } from './pQueue.js';
import { rxMergeMap } from './rxMergeMap.js';
import { tracker, tracker3, trackerJoin } from './tracker.js';

/** Every contender, in table order; the floor first. */
export const contenders: readonly Contender[] = [floor, tracker, tracker3, trackerJoin, henrygdQueue, fastq, pLimit, pQueue, rxMergeMap, bottleneck];
