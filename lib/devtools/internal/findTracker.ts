import type { TaskTracker } from '../../tracker/TaskTracker.js';

/**
 * @internal The live tracker at `path` under `top`, or `undefined` once it is
 * gone. Why the registry and not `tree()`: the panel's cancel button needs the
 * tracker itself, and `tree()` hands out plain data on purpose. Runs only on a
 * click, never per task.
 */
export function findTracker(top: TaskTracker, path: string): TaskTracker | undefined {
  if (path === top.path) return top;
  if (!path.startsWith(`${top.path}/`)) return undefined;
  let node: TaskTracker | undefined = top;
  for (const name of path.slice(top.path.length + 1).split('/')) {
    const children: TaskTracker[] = (node._children?.live() ?? []) as TaskTracker[];
    node = children.find((child) => child.name === name);
    if (node === undefined) return undefined;
  }
  return node;
}
