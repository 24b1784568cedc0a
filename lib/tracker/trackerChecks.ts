import { isObservable } from 'rxjs';
import { got } from '../errors/describeValue.js';
import { checkDuration } from '../errors/checks.js';
import type { SpawnOptions } from './TaskTrackerOptions.js';

/**
 * @internal Throws the TypeError for something `spawn` cannot run: neither a
 * function nor an Observable (a Promise gets advice of its own). A value that
 * throws when looked at (a Proxy whose traps throw) is one of them.
 */
export function checkTask(task: unknown, where: string): void {
  if (typeof task === 'function') return;
  let promise = false;
  try {
    if (isObservable(task)) return;
    promise = typeof (task as PromiseLike<unknown>).then === 'function';
  } catch {
    // (null and undefined have no `then` either.)
  }
  throw new TypeError(
    promise
      ? `${where} got a Promise, which is already running. Pass a function that starts the work, e.g. () => fetch(url)`
      : `${where} expects an Observable or a function, got ${got(task)}`,
  );
}

/**
 * @internal Whether a task function declares a parameter, the token; one whose
 * `length` cannot be read (a Proxy) is given it.
 */
export function takesToken(task: Function): boolean {
  try {
    return task.length > 0;
  } catch {
    return true;
  }
}

/**
 * @internal Validates a timeout option: milliseconds above 0, up to
 * `MAX_DURATION`; `Infinity` for none; or undefined.
 */
export function checkTimeout(timeout: unknown, where: string): number | undefined {
  return timeout === undefined ? undefined : checkDuration(timeout, `${where}: timeout`, true, 'no timeout');
}

/** @internal Validates one spawn's options; returns its timeout. */
export function checkSpawnOptions(options: SpawnOptions, where: string): number | undefined {
  const name = options.name;
  if (name !== undefined && (typeof name !== 'string' || name.length === 0)) {
    throw new TypeError(`${where}: name must be a non-empty string, got ${got(name)}`);
  }
  if (options.priority !== undefined) checkPriority(options.priority);
  return checkTimeout(options.timeout, where);
}

/** @internal Validates a tracker's name: non-empty, without `/` (the path separator). */
export function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('/')) {
    throw new TypeError(`A tracker name must be a non-empty string without '/', got ${got(name)}`);
  }
  return name;
}

/** @internal Validates a priority option: a number, not NaN. */
export function checkPriority(priority: unknown): number {
  if (typeof priority !== 'number' || priority !== priority) {
    throw new TypeError(`spawn(task, options): priority must be a number, got ${got(priority)}`);
  }
  return priority;
}
