import { checkInteger, readOptions } from '../errors/checks.js';
import { got } from '../errors/describeValue.js';
import { LogOnlyPolicy } from '../protocol/LogOnlyPolicy.js';
import type { OnErrorPolicy } from '../protocol/OnErrorPolicy.js';
import { SemaphoreScheduler } from '../scheduling/SemaphoreScheduler.js';
import type { TaskScheduler } from '../scheduling/TaskScheduler.js';
import type { TaskTrackerOptions } from './TaskTrackerOptions.js';

const TRACKER_KEYS: readonly string[] = [
  'concurrency',
  'scheduler',
  'errorPolicy',
  'name',
  'timeout',
  'signal',
  'cancellationToken',
  'metrics',
  'clock',
  'metricsScheduler',
  'onPolicyError',
  'onTeardownError',
] satisfies (keyof TaskTrackerOptions)[];

/** @internal What a tracker is built with, its arguments read. */
export interface TrackerArgs {
  readonly scheduler: TaskScheduler;
  readonly policy: OnErrorPolicy;
  readonly options: TaskTrackerOptions | undefined;
}

/**
 * @internal Reads `new TaskTracker(options?)` or the positional
 * `new TaskTracker(scheduler, errorPolicy, options?)`: the defaults filled in
 * (no limit, `LogOnlyPolicy`), every option's key known, a scheduler or a
 * concurrency, not both.
 */
export function readTrackerArgs(first: unknown, errorPolicy: unknown, rest: TaskTrackerOptions | undefined): TrackerArgs {
  const positional = errorPolicy !== undefined || rest !== undefined || typeof (first as TaskScheduler | null | undefined)?.connect === 'function';
  const options = (positional ? rest : first) as TaskTrackerOptions | undefined;
  if (options !== undefined) {
    if (options === null || typeof options !== 'object') throw new TypeError(`new TaskTracker(options): options must be an object, got ${got(options)}`);
    // `parent` is the library's own (children are made by childTracker()).
    for (const key in options) if (key !== 'parent' && !TRACKER_KEYS.includes(key)) readOptions(options, 'new TaskTracker(options)', TRACKER_KEYS);
    if (positional && (options.scheduler !== undefined || options.errorPolicy !== undefined || options.concurrency !== undefined)) {
      throw new TypeError('new TaskTracker(scheduler, errorPolicy, options): give them once, in new TaskTracker({ scheduler, errorPolicy, ... })');
    }
  }
  const scheduler = positional ? first : (options?.scheduler ?? concurrencyScheduler(options?.concurrency));
  if (!positional && options?.scheduler !== undefined && options.concurrency !== undefined) {
    throw new TypeError('new TaskTracker(options): give concurrency or scheduler, not both (a scheduler has its own number of slots)');
  }
  const policy = positional ? errorPolicy : (options?.errorPolicy ?? new LogOnlyPolicy());
  if (typeof (scheduler as TaskScheduler | null | undefined)?.connect !== 'function') {
    throw new TypeError(`TaskTracker needs a scheduler (with connect(tasks)), got ${got(scheduler)}`);
  }
  const candidate = policy as OnErrorPolicy | null | undefined;
  if (typeof candidate?.onError !== 'function' || typeof candidate.createChild !== 'function') {
    throw new TypeError(`TaskTracker needs an error policy (with onError and createChild), got ${got(policy)}`);
  }
  return { scheduler: scheduler as TaskScheduler, policy: policy as OnErrorPolicy, options };
}

// No limit is a semaphore of Infinity slots (as fast as UnlimitedScheduler, which an
// app that builds its trackers from options then never ships).
function concurrencyScheduler(concurrency: unknown = Infinity): TaskScheduler {
  return new SemaphoreScheduler(checkInteger(concurrency, 'new TaskTracker(options): concurrency', 1, true));
}
