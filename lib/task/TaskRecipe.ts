import type { TaskHandle } from './TaskHandle.js';
import { CONTINUATION, STARTED, TOKEN_ARG } from './TaskState.js';

/**
 * @internal What it takes to run a task again as a new task of the same tracker:
 * its work as spawned (a function, an Observable, an operator's record run as a
 * continuation), its timeout and priority. Taken before the task first runs: a
 * continuation replaces the work it runs.
 */
export interface TaskRecipe {
  /** The path of the tracker the task belongs to. */
  readonly path: string;
  /** Spawns the same work again on the same tracker (it throws as `spawn` does once the tracker is closed). */
  rerun(): TaskHandle<unknown>;
}

/** @internal The recipe of a task that has not started yet; `undefined` once it has. */
export function recipeOf(handle: TaskHandle<unknown>): TaskRecipe | undefined {
  const bits = handle._state;
  if ((bits & STARTED) !== 0) return undefined;
  const owner = handle._owner;
  const exec = handle._stage as Parameters<typeof owner._spawn>[0];
  const kind = bits & (TOKEN_ARG | CONTINUATION);
  const options = { timeout: handle._extras?.timeout, priority: handle._extras?.priority };
  return { path: owner.path, rerun: () => owner._spawn(exec, kind, options) };
}
