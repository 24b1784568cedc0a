import pLimitFactory from 'p-limit';
import type { Contender } from './Contender.js';
import { libraryPool } from './libraryPool.js';

/** sindresorhus/p-limit: `limit(fn)`. */
export const pLimit: Contender = {
  id: 'p-limit',
  label: 'p-limit',
  heavy: true,
  create: (concurrency) => {
    const limit = pLimitFactory(concurrency);
    return libraryPool((task) => limit(task), async () => {});
  },
};
