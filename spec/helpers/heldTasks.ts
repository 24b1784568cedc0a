import type { Context } from 'rxjs-marbles/jasmine';
import { TaskTracker, type TaskScheduler } from '../../lib/index.js';
import { quietPolicy } from './trackers.js';

/**
 * On `scheduler` (one start per 10 frames, on `m`'s scheduler), a task of a paused
 * child (`held`, made from the root) must spend no start of the window: a sibling's
 * task runs at frame 0, and the held one at its resume (frame 20).
 */
export function expectHeldTaskSpendsNoStart(m: Context, scheduler: TaskScheduler, held: (root: TaskTracker) => TaskTracker): void {
  const root = new TaskTracker({ scheduler, errorPolicy: quietPolicy() });
  const child = held(root);
  const api = root.childTracker();
  child.pause();
  const parked = m.cold('-p|');
  const call = m.cold('-a|');
  child.spawn(parked);
  api.spawn(call);
  m.scheduler.schedule(() => child.resume(), 20);
  m.expect(call).toHaveSubscriptions('^-!'); // the window's one start is the sibling's: nothing else ran
  m.expect(parked).toHaveSubscriptions('--------------------^-!'); // at resume (the window is free again at 10)
}
