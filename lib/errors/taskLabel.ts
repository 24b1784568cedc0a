import { describe } from './describeValue.js';

/** @internal A task as the errors take it: its id, or its handle (whose name they show too). */
export type TaskRef = string | { readonly id: string; readonly name?: string | undefined };

/** @internal The id of `task` (whatever a caller passed: an error's constructor must not throw). */
export function idOf(task: TaskRef): string {
  try {
    return typeof task === 'string' ? task : task.id;
  } catch {
    return describe(task);
  }
}

/**
 * @internal How messages and log lines name a task: its id, then its name when it
 * has one, quoted as JSON (a name may hold anything): `task-3 "load user"`. Never
 * throws, whatever it is given.
 */
export function labelOf(task: TaskRef): string {
  try {
    const name = typeof task === 'string' ? undefined : task.name;
    const id = describe(idOf(task));
    return name === undefined ? id : `${id} ${JSON.stringify(name)}`;
  } catch {
    return describe(task);
  }
}
