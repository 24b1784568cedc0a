import { firstValueFrom } from 'rxjs';
import type { Pool, PromiseTask } from './Contender.js';

/**
 * The pool of a promise library: `add(task)` queues a task and returns its
 * promise, `drain()` resolves once the library is idle. Observable tasks are
 * handed over as `() => firstValueFrom(task)`, as the library's users would.
 */
export function libraryPool(add: (task: PromiseTask) => Promise<unknown>, drain: () => Promise<void>): Pool {
  return {
    hasHandles: true,
    submit: add,
    submitObservable: (task) => add(() => firstValueFrom(task)),
    drain,
  };
}
