import type { TaskTracker } from '../../tracker/TaskTracker.js';

/**
 * @internal The tracker a policy belongs to, seen from a tracker where one of
 * its tasks failed: `depth` levels up (a policy made by `createChild()` n times
 * over sits n levels below the one whose tracker it shuts down). Stops at the
 * root if the policy was handed to a tracker nearer the root than that.
 */
export function ownerOf(tracker: TaskTracker, depth: number): TaskTracker {
  let owner = tracker;
  for (let i = 0; i < depth && owner.parent !== undefined; i++) owner = owner.parent;
  return owner;
}
