/** @internal A task as the errors take it: its id, or its handle (whose name they show too). */
export type TaskRef = string | { readonly id: string; readonly name?: string | undefined };

/** @internal The id of `task`. */
export function idOf(task: TaskRef): string {
  return typeof task === 'string' ? task : task.id;
}

/** @internal The name of `task`, if it has one. */
export function nameOf(task: TaskRef): string | undefined {
  return typeof task === 'string' ? undefined : task.name;
}

/**
 * @internal How messages and log lines name a task: its id, then its name when it
 * has one, quoted as JSON (a name may hold anything): `task-3 "load user"`.
 */
export function taskLabel(taskId: string, name: string | undefined): string {
  return name === undefined ? taskId : `${taskId} ${JSON.stringify(name)}`;
}
