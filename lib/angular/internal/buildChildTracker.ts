import { checkInteger } from '../../errors/checks.js';
import type { TaskTracker } from '../../tracker/TaskTracker.js';
import type { ChildTaskTrackerOptions } from '../ChildTaskTrackerOptions.js';
import { instanceOf } from './instanceOf.js';

/**
 * @internal A child of `parent` built from `options`; what they leave unset is
 * inherited, exactly as with `childTrackerBuilder()`, which does the work.
 * Factories in `options` run here, so inside the caller's injection context;
 * `caller` (`'injectTaskTracker()'`) names it in a warning.
 *
 * @throws TrackerClosedError if `parent` is closed (its application is gone).
 * @throws RangeError if `options.concurrency` is not a positive integer (see {@link checkChildOptions}).
 */
export function buildChildTracker(parent: TaskTracker, options: ChildTaskTrackerOptions | undefined, caller: string): TaskTracker {
  const builder = parent.childTrackerBuilder();
  if (options === undefined) return builder.build();
  if (options.name !== undefined) builder.name(options.name);
  const scheduler = instanceOf(options.scheduler, caller.replace('()', '({ scheduler })'));
  if (scheduler !== undefined) builder.scheduler(scheduler);
  const errorPolicy = instanceOf(options.errorPolicy, caller.replace('()', '({ errorPolicy })'));
  if (errorPolicy !== undefined) builder.errorPolicy(errorPolicy);
  if (options.timeout !== undefined) builder.timeout(options.timeout);
  if (options.concurrency !== undefined) builder.concurrency(options.concurrency);
  return builder.build();
}

/**
 * @internal Checks what can be checked before there is a parent: a bad
 * `concurrency` is reported where it was written, naming `caller`.
 *
 * @throws RangeError if `options.concurrency` is set and not a positive integer.
 */
export function checkChildOptions(options: ChildTaskTrackerOptions | undefined, caller: string): void {
  if (options?.concurrency !== undefined) checkInteger(options.concurrency, `${caller}: options.concurrency`);
}
