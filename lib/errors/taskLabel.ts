/** @internal A task as the errors take it: its id, or its handle (whose name they show too). */
export type TaskRef = string | { readonly id: string; readonly name?: string | undefined };

/** @internal The id of `task`. */
export function idOf(task: TaskRef): string {
  return typeof task === 'string' ? task : task.id;
}

/**
 * @internal How messages and log lines name a task: its id, then its name when it
 * has one, quoted as JSON (a name may hold anything): `task-3 "load user"`.
 */
export function labelOf(task: TaskRef): string {
  const name = typeof task === 'string' ? undefined : task.name;
  return name === undefined ? idOf(task) : `${idOf(task)} ${JSON.stringify(name)}`;
}
