import PQueue from 'p-queue';
import type { Contender } from './Contender.js';
import { libraryPool } from './libraryPool.js';

/** sindresorhus/p-queue: `queue.add(fn)`, then `onIdle()`. */
export const pQueue: Contender = {
  id: 'p-queue',
  label: 'p-queue',
  heavy: true,
  create: (concurrency) => {
    const queue = new PQueue({ concurrency });
    return libraryPool((task) => queue.add(task), () => queue.onIdle());
  },
};
