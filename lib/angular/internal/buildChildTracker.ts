import type { TaskTracker } from '../../tracker/TaskTracker.js';
import type { ChildTaskTrackerOptions } from '../ChildTaskTrackerOptions.js';
import { instanceOf } from './instanceOf.js';

/**
 * @internal A child of `parent` built from `options`; what they leave unset is
 * inherited, exactly as with `childTrackerBuilder()`, which does the work.
 * Factories in `options` run here, so inside the caller's injection context.
 *
 * @throws TrackerClosedError if `parent` is closed (its application is gone).
 */
export function buildChildTracker(parent: TaskTracker, options: ChildTaskTrackerOptions | undefined): TaskTracker {
  const builder = parent.childTrackerBuilder();
  if (options === undefined) return builder.build();
  if (options.name !== undefined) builder.name(options.name);
  const scheduler = instanceOf(options.scheduler);
  if (scheduler !== undefined) builder.scheduler(scheduler);
  const errorPolicy = instanceOf(options.errorPolicy);
  if (errorPolicy !== undefined) builder.errorPolicy(errorPolicy);
  if (options.timeout !== undefined) builder.timeout(options.timeout);
  return builder.build();
}
