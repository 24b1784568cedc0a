import type { TaskHandle } from './TaskHandle.js';
import { extrasOf } from './TaskExtras.js';

/** The tasks that follow one signal, and the one listener they share. */
class Followers {
  readonly tasks = new Set<TaskHandle<unknown>>();
  constructor(readonly signal: AbortSignal) {}
  readonly onAbort = (): void => {
    const signal = this.signal;
    following.delete(signal);
    signal.removeEventListener('abort', this.onAbort);
    // A copy: each cancelled task leaves the set.
    for (const task of [...this.tasks]) task.cancel(signal.reason);
    this.tasks.clear();
  };
}

/** One listener per signal, however many tasks follow it (Node warns past ten listeners on one signal). */
const following = new WeakMap<AbortSignal, Followers>();

/**
 * @internal Cancels `handle` with the signal's reason when `signal` aborts. The
 * task leaves the signal's followers when it ends ({@link unfollowSignal}), and
 * the signal's one listener goes with the last of them, so a long-lived signal
 * shared by any number of tasks holds none of the finished ones. A signal that
 * has aborted already cancels the task at once.
 */
export function followSignal(handle: TaskHandle<unknown>, signal: AbortSignal): void {
  if (signal.aborted) {
    handle.cancel(signal.reason);
    return;
  }
  let followers = following.get(signal);
  if (followers === undefined) {
    followers = new Followers(signal);
    following.set(signal, followers);
    signal.addEventListener('abort', followers.onAbort);
  }
  followers.tasks.add(handle);
  extrasOf(handle).signal = signal;
}

/** @internal The task ended: it no longer follows its `signal` option. */
export function unfollowSignal(handle: TaskHandle<unknown>): void {
  const extras = handle._extras!;
  const signal = extras.signal!;
  extras.signal = undefined;
  const followers = following.get(signal);
  if (followers === undefined || !followers.tasks.delete(handle) || followers.tasks.size > 0) return;
  following.delete(signal);
  signal.removeEventListener('abort', followers.onAbort);
}
