import { isObservable } from 'rxjs';
import { got } from '../errors/describeValue.js';
import { checkDuration, readOptions } from '../errors/checks.js';
import { checkSignal } from '../cancellation/checkSignal.js';
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
 * @internal Validates a timeout option: milliseconds above 0, up to
 * `MAX_DURATION`; `Infinity` for none; or undefined.
 */
export function checkTimeout(timeout: unknown, where: string): number | undefined {
  return timeout === undefined ? undefined : checkDuration(timeout, `${where}: timeout`, true, 'no timeout');
}

const SPAWN_KEYS: readonly string[] = ['timeout', 'name', 'priority', 'signal'] satisfies (keyof SpawnOptions)[];

/**
 * @internal Throws the TypeError of `readOptions` (naming the known keys, and
 * the one a typo is close to) for a key of `options` outside `known`. Without
 * the copy `readOptions` makes: spawn options are checked at every spawn.
 */
export function checkKeys(options: object, known: readonly string[], where: string): void {
  for (const key in options) if (!known.includes(key)) readOptions(options, where, known);
}

/** @internal Validates one spawn's options; returns its timeout. */
export function checkSpawnOptions(options: SpawnOptions, where: string): number | undefined {
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: options must be an object, got ${got(options)}`);
  checkKeys(options, SPAWN_KEYS, where);
  checkSignal(options.signal, where);
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
