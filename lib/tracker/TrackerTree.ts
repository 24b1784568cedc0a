import type { MetricsSnapshot } from '../metrics/MetricsSnapshot.js';
import type { TaskTracker } from './TaskTracker.js';

/**
 * One tracker of the tree returned by {@link TaskTracker.tree}.
 *
 * @example
 * ```ts
 * const walk = (node: TrackerTree, depth = 0): void => {
 *   console.log(`${'  '.repeat(depth)}${node.name}: ${node.metrics.active} running`);
 *   node.children.forEach((child) => walk(child, depth + 1));
 * };
 * walk(root.tree());
 * ```
 * @category Tracker
 */
export interface TrackerTree {
  /** The tracker's name. */
  readonly name: string;
  /** Its path from the root, e.g. `root/images`. */
  readonly path: string;
  /** Whether it was closed (by `join()`, `cancel()` or a shutdown). */
  readonly closed: boolean;
  /** Whether it was cancelled. */
  readonly cancelled: boolean;
  /** Its counters (its subtree's) at the moment of the call. */
  readonly metrics: MetricsSnapshot;
  /** Its children that are open or still have unfinished tasks. */
  readonly children: readonly TrackerTree[];
}

/** @internal The tree under `tracker`, built without recursion. */
export function treeOf(tracker: TaskTracker): TrackerTree {
  const make = (node: TaskTracker) => ({
    name: node.name,
    path: node.path,
    closed: node._ledger._closed,
    cancelled: node._ledger._cancelled,
    metrics: node._ledger._metrics.snapshot(),
    children: [] as TrackerTree[],
  });
  const top = make(tracker);
  const stack: [TaskTracker, { children: TrackerTree[] }][] = [[tracker, top]];
  while (stack.length > 0) {
    const [next, node] = stack.pop()!;
    if (next._children === undefined) continue;
    for (const child of next._children.live()) {
      const childNode = make(child);
      node.children.push(childNode);
      stack.push([child, childNode]);
    }
  }
  return top;
}
