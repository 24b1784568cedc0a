import Bottleneck from 'bottleneck';
import type { Contender } from './Contender.js';
import { libraryPool } from './libraryPool.js';

/** SGrondin/bottleneck with only `maxConcurrent`: `limiter.schedule(fn)`. A rate limiter first, very slow here. */
export const bottleneck: Contender = {
  id: 'bottleneck',
  label: 'Bottleneck',
  // Timer-bound: about 2.5 ms per task whatever the concurrency, so 25 s per run at
  // 10k (the full plan stops it there); one round of one run is enough.
  maxRounds: 1,
  slow: true,
  headlineOnly: true,
  create: (concurrency) => {
    const limiter = new Bottleneck({ maxConcurrent: concurrency });
    return libraryPool(
      (task) => limiter.schedule(task),
      () => limiter.stop({ dropWaitingJobs: false }),
    );
  },
};
