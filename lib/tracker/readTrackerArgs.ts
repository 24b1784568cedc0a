import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { CancellationToken } from '../cancellation/CancellationToken.js';
import { checkInteger, readOptions } from '../errors/checks.js';
import { got } from '../errors/describeValue.js';
import { LogOnlyPolicy } from '../protocol/LogOnlyPolicy.js';
import type { OnErrorPolicy } from '../protocol/OnErrorPolicy.js';
import { SemaphoreScheduler } from '../scheduling/SemaphoreScheduler.js';
import type { TaskScheduler } from '../scheduling/TaskScheduler.js';
import type { ErrorHandlers } from '../task/errorReports.js';
import { ChildRegistry } from './ChildRegistry.js';
import { DEFAULT_HANDLERS } from './defaultHandlers.js';
import type { TaskTracker } from './TaskTracker.js';
import type { TaskTrackerOptions } from './TaskTrackerOptions.js';
import { checkName, checkTimeout } from './trackerChecks.js';

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

/** @internal What a tracker is built with, its arguments read and what it inherits filled in. */
export interface TrackerArgs {
  readonly scheduler: TaskScheduler;
  readonly policy: OnErrorPolicy;
  readonly options: TaskTrackerOptions | undefined;
  readonly parent: TaskTracker | undefined;
  /** The parent's children, which the new tracker joins. */
  readonly siblings: ChildRegistry | undefined;
  readonly name: string;
  readonly path: string;
  readonly clock: SchedulerLike;
  readonly metricsScheduler: SchedulerLike;
  readonly handlers: ErrorHandlers;
  /** The timeout of each run: its own, else its parent's; `Infinity` is none, not even the parent's. */
  readonly timeout: number | undefined;
  /** A root's own token (`cancellationToken`), if it was given one. */
  readonly token: CancellationToken | undefined;
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
  return inherit(scheduler as TaskScheduler, policy as OnErrorPolicy, options);
}

/** What a tracker takes from its options, else from its parent, else the defaults. */
function inherit(scheduler: TaskScheduler, policy: OnErrorPolicy, options: TaskTrackerOptions | undefined): TrackerArgs {
  const parent = options?.parent;
  const siblings = parent === undefined ? undefined : (parent._children ??= new ChildRegistry());
  const name = checkName(options?.name ?? (siblings === undefined ? 'root' : `child-${++siblings.made}`));
  const inherited = parent?._handlers ?? DEFAULT_HANDLERS;
  const { onPolicyError, onTeardownError } = options ?? {};
  const handlers =
    onPolicyError === undefined && onTeardownError === undefined
      ? inherited
      : { onPolicyError: onPolicyError ?? inherited.onPolicyError, onTeardownError: onTeardownError ?? inherited.onTeardownError };
  const timeout = checkTimeout(options?.timeout, 'the tracker');
  const token = options?.cancellationToken;
  if (token !== undefined && !(token instanceof CancellationToken)) {
    throw new TypeError(`cancellationToken must be a CancellationToken, got ${got(token)}`);
  }
  return {
    scheduler,
    policy,
    options,
    parent,
    siblings,
    name,
    path: parent === undefined ? name : `${parent.path}/${name}`,
    clock: options?.clock ?? parent?._clock ?? asyncScheduler,
    metricsScheduler: options?.metricsScheduler ?? parent?._metricsScheduler ?? asyncScheduler,
    handlers,
    timeout: timeout === undefined ? parent?._timeout : timeout === Infinity ? undefined : timeout,
    token,
  };
}

// No limit is a semaphore of Infinity slots (as fast as UnlimitedScheduler, which an
// app that builds its trackers from options then never ships).
function concurrencyScheduler(concurrency: unknown = Infinity): TaskScheduler {
  return new SemaphoreScheduler(checkInteger(concurrency, 'new TaskTracker(options): concurrency', 1, true));
}
