import type { TaskTracker } from './TaskTracker.js';

/** Forgets a child tracker the garbage collector took (it was open, idle and unreferenced). */
const collected = new FinalizationRegistry<{ registry: ChildRegistry; ref: WeakRef<TaskTracker> }>(({ registry, ref }) => {
  registry.refs.delete(ref);
});

/**
 * @internal A tracker's children that are open or unsettled, held weakly.
 *
 * Why weakly: an application may create a child per request and never join it;
 * a child nobody references, with nothing running, can never be used again, so
 * it must not live as long as its parent. A settled child leaves at once; an
 * open idle one leaves when the garbage collector takes it.
 */
export class ChildRegistry {
  readonly refs = new Set<WeakRef<TaskTracker>>();
  /** Children made without a name, for the next default name (`child-<n>`). */
  made = 0;

  /** Registers `child`; returns the reference to give back to {@link ChildRegistry.remove}. */
  add(child: TaskTracker): WeakRef<TaskTracker> {
    const ref = new WeakRef(child);
    this.refs.add(ref);
    collected.register(child, { registry: this, ref }, ref);
    return ref;
  }

  /** A settled child leaves. */
  remove(ref: WeakRef<TaskTracker>): void {
    this.refs.delete(ref);
    collected.unregister(ref);
  }

  /** The children still reachable. */
  live(): TaskTracker[] {
    const children: TaskTracker[] = [];
    for (const ref of this.refs) {
      const child = ref.deref();
      if (child !== undefined) children.push(child);
    }
    return children;
  }

  /** How many children are still reachable. */
  count(): number {
    let count = 0;
    for (const ref of this.refs) if (ref.deref() !== undefined) count++;
    return count;
  }
}

/**
 * @internal `tracker` and its descendants, parents first, without recursion (a
 * 10,000-deep chain must not overflow the stack), skipping cancelled branches if asked.
 */
export function subtreeOf(tracker: TaskTracker, skipCancelled: boolean): TaskTracker[] {
  const trackers: TaskTracker[] = [];
  const stack: TaskTracker[] = [tracker];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (skipCancelled && next._ledger._cancelled) continue;
    trackers.push(next);
    if (next._children !== undefined) for (const child of next._children.live()) stack.push(child);
  }
  return trackers;
}
