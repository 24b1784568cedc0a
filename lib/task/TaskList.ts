import type { TaskHandle } from './TaskHandle.js';

/**
 * @internal A list of unfinished tasks, oldest first (a tracker's: what its
 * cancellation tears down). Linked through the handles' own `_prev` and `_next`,
 * so that a million queued tasks cost no list node each, and a task leaves the
 * list in constant time when it ends.
 */
export interface TaskList {
  _head: TaskHandle<unknown> | undefined;
  _tail: TaskHandle<unknown> | undefined;
}

/** @internal Appends `handle` to `list`. */
export function linkTask(list: TaskList, handle: TaskHandle<unknown>): void {
  const tail = list._tail;
  if (tail === undefined) list._head = handle;
  else {
    tail._next = handle;
    handle._prev = tail;
  }
  list._tail = handle;
}

/** @internal Takes `handle` out of `list`. */
export function unlinkTask(list: TaskList, handle: TaskHandle<unknown>): void {
  const prev = handle._prev;
  const next = handle._next;
  if (prev === undefined) list._head = next;
  else prev._next = next;
  if (next === undefined) list._tail = prev;
  else next._prev = prev;
  handle._prev = handle._next = undefined;
}
