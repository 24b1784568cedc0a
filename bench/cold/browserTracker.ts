import { LogOnlyPolicy, SemaphoreScheduler, TaskTracker } from '../../lib/index.js';
import type { Contender, Pool } from '../contenders/Contender.js';

/** The flat tracker for the browser bench: lib/ bundled into the page, as an app ships it. */
export const browserTracker: Contender = {
  id: 'tracker',
  label: 'rx-task-tracker (flat)',
  create(concurrency: number): Pool {
    const tracker = new TaskTracker(SemaphoreScheduler.withPermits(concurrency), new LogOnlyPolicy({ logger: () => {} }));
    return {
      hasHandles: true,
      submit: (task) => tracker.spawn(task),
      submitObservable: (task) => tracker.spawn(task),
      drain: () => tracker.join(),
    };
  },
};
