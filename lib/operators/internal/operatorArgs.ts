import { got } from '../../errors/describeValue.js';
import { checkInteger, fail, readOptions } from '../../errors/checks.js';
import type { TaskTracker } from '../../tracker/TaskTracker.js';
import { checkTimeout } from './core.js';
import type { CatchError } from './recover.js';

/** @internal A per-task timeout, as `spawn` takes it. */
export { checkTimeout };

// Operators check their arguments when they are created, not when subscribed:
// a typo in a pipeline should fail where the pipeline is written.

/** @internal Throws a TypeError unless `tracker` is a TaskTracker. */
export function checkTracker(tracker: unknown, where: string): TaskTracker {
  // Duck-typed, so that two copies of the package (a bundled one and a linked
  // one) still work together.
  const candidate = tracker as TaskTracker | null | undefined;
  if (typeof candidate?._spawn !== 'function' || typeof candidate.cancellationToken !== 'function') {
    throw new TypeError(`${where} needs a TaskTracker as its first argument, got ${got(tracker)}.`);
  }
  return candidate;
}

/** @internal Throws a TypeError unless `project` is a function. */
export function checkProject<F>(project: F, where: string): F {
  if (typeof project !== 'function') {
    throw new TypeError(
      `${where} expects project to be a function (value, index, token) => ObservableInput, got ${got(project)}. ` +
        'Example: mergeTask(tracker, (id, i, token) => fetch(`/api/items/${id}`, { signal: token.signal }))',
    );
  }
  return project;
}

/** @internal The options as an object (`{}` when omitted); a TypeError for anything else. */
export function checkOptions<O extends object>(options: O | undefined, where: string): Partial<Record<keyof O, unknown>> {
  if (options === null) fail(`${where}: options`, 'an object', options);
  return readOptions(options, where) as Partial<Record<keyof O, unknown>>;
}

/** @internal The `catchError` option: undefined, or a function. */
export function checkCatchError(catchError: unknown, where: string): CatchError | undefined {
  if (catchError !== undefined && typeof catchError !== 'function') {
    throw new TypeError(`${where}: catchError must be a function (error, value, index) => ObservableInput, got ${got(catchError)}`);
  }
  return catchError as CatchError | undefined;
}

/** @internal A concurrency limit: a positive integer or Infinity; `Infinity` when omitted. */
export function checkConcurrency(concurrency: unknown, where: string): number {
  return concurrency === undefined ? Infinity : checkInteger(concurrency, `${where}: concurrency`, 1, true);
}

/** @internal A boolean option; `false` when omitted. */
export function checkFlag(value: unknown, name: string, where: string): boolean {
  return value === undefined ? false : typeof value === 'boolean' ? value : fail(`${where}: ${name}`, 'a boolean', value);
}

/**
 * @internal The checked arguments of an operator that runs one task at a time
 * (concat, switch, exhaust): they differ only in their mode.
 */
export function checkOneAtATime<P>(tracker: unknown, project: P, options: object | undefined, where: string) {
  const given = checkOptions(options, where);
  refuseMergeOptions(given, where);
  return {
    tracker: checkTracker(tracker, where),
    project: checkProject(project, where),
    ordered: false,
    timeout: checkTimeout((given as { timeout?: unknown }).timeout, where),
    recover: checkCatchError((given as { catchError?: unknown }).catchError, where),
  };
}

/**
 * @internal Refuses the merge-only options in an operator that runs one task at
 * a time: `concatTask(tracker, project, { concurrency: 4 })` would otherwise
 * quietly run one at a time.
 */
export function refuseMergeOptions(options: Partial<Record<string, unknown>>, where: string): void {
  for (const name of ['concurrency', 'ordered']) {
    if (options[name] !== undefined) {
      throw new TypeError(`${where}: ${name} is an option of mergeTask only (this operator runs one task at a time), got ${got(options[name])}`);
    }
  }
}
