import { newQueue } from '@henrygd/queue';
import type { Contender } from './Contender.js';
import { libraryPool } from './libraryPool.js';

/** henrygd/queue: `newQueue(c).add(fn)`, then `done()`. */
export const henrygdQueue: Contender = {
  id: 'henrygd',
  label: '@henrygd/queue',
  create: (concurrency) => {
    const queue = newQueue(concurrency);
    return libraryPool((task) => queue.add(task), () => queue.done());
  },
};
