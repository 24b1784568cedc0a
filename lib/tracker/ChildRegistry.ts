import type { TrackerCore } from './TrackerCore.js';

/** Forgets a child tracker the garbage collector took (it was open, idle and unreferenced). */
const collected = new FinalizationRegistry<{ registry: ChildRegistry; ref: WeakRef<TrackerCore> }>(({ registry, ref }) => {
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
  readonly refs = new Set<WeakRef<TrackerCore>>();

  /** Registers `child`; returns the reference to give back to {@link ChildRegistry.remove}. */
  add(child: TrackerCore): WeakRef<TrackerCore> {
    const ref = new WeakRef(child);
    this.refs.add(ref);
    collected.register(child, { registry: this, ref }, ref);
    return ref;
  }

  /** A settled child leaves. */
  remove(ref: WeakRef<TrackerCore>): void {
    this.refs.delete(ref);
    collected.unregister(ref);
  }

  /** The children still reachable. */
  live(): TrackerCore[] {
    const children: TrackerCore[] = [];
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
export function subtreeOf(tracker: TrackerCore, skipCancelled: boolean): TrackerCore[] {
  const trackers: TrackerCore[] = [];
  const stack: TrackerCore[] = [tracker];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (skipCancelled && next._cancelled) continue;
    trackers.push(next);
    if (next._children !== undefined) for (const child of next._children.live()) stack.push(child);
  }
  return trackers;
}
