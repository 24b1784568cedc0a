import fastqFactory from 'fastq';
import type { Contender, PromiseTask } from './Contender.js';
import { libraryPool } from './libraryPool.js';

const callTask = (task: PromiseTask): Promise<unknown> => Promise.resolve(task());

/** mcollina/fastq, promise API: `fastq.promise(worker, c).push(task)`; the worker calls the task. */
export const fastq: Contender = {
  id: 'fastq',
  label: 'fastq (promise API)',
  create: (concurrency) => {
    const queue = fastqFactory.promise(callTask, concurrency);
    return libraryPool((task) => queue.push(task), () => queue.drained());
  },
};
