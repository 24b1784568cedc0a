import { Subject } from 'rxjs';
import { stableMetricsScheduler } from '../../lib/angular/internal/stableMetricsScheduler.js';
import { LogOnlyPolicy, TaskTracker, UnlimitedScheduler, type MetricsSnapshot } from '../../lib/index.js';

/** Counts like Angular's PendingTasks (the real one is checked in the Karma specs). */
function countingPendingTasks() {
  const state = { held: 0, add: () => {
    state.held++;
    let done = false;
    return () => {
      if (!done) state.held--;
      done = true;
    };
  } };
  return state;
}

const microtask = () => new Promise<void>((resolve) => queueMicrotask(resolve));
const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe("provideTaskTracker's metrics scheduler", () => {
  function tracker(pending: ReturnType<typeof countingPendingTasks>): TaskTracker {
    return TaskTracker.builder().scheduler(new UnlimitedScheduler()).errorPolicy(new LogOnlyPolicy()).metricsScheduler(stableMetricsScheduler(pending)).build();
  }

  it('holds a PendingTasks entry from a change until metrics$ has delivered it', async () => {
    const pending = countingPendingTasks();
    const root = tracker(pending);
    const seen: MetricsSnapshot[] = [];
    root.childTracker().metrics$.subscribe((snapshot) => seen.push(snapshot)); // children inherit it
    root.childTracker().spawn(new Subject<void>());
    expect(pending.held).toBe(0); // the watched child did not change
    const watched = root.childTracker();
    watched.metrics$.subscribe((snapshot) => seen.push(snapshot));
    watched.spawn(new Subject<void>());
    watched.spawn(new Subject<void>());
    expect(pending.held).toBe(1); // one flush for the burst
    await microtask();
    await microtask();
    expect(pending.held).withContext('held across microtasks: the flush is a macrotask turn later').toBe(1);
    await macrotask();
    expect(pending.held).toBe(0);
    expect(seen.at(-1)).toEqual(jasmine.objectContaining({ issued: 2, active: 2 }));
  });

  it('gives the entry back when the last watcher leaves before the flush', () => {
    const pending = countingPendingTasks();
    const root = tracker(pending);
    const subscription = root.metrics$.subscribe();
    root.spawn(new Subject<void>());
    expect(pending.held).toBe(1);
    subscription.unsubscribe();
    expect(pending.held).toBe(0);
  });

  it('holds nothing while nobody watches metrics$', () => {
    const pending = countingPendingTasks();
    tracker(pending).spawn(new Subject<void>());
    expect(pending.held).toBe(0);
  });
});
