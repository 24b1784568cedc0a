import { NEVER } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { TaskTracker } from '../../lib/index.js';
import { deferred, outcome, quietPolicy } from '../helpers/trackers.js';

describe('metrics().stopping()', () => {
  it('counts a cancelled promise task whose promise still holds its slot, up the tree, until it settles', async () => {
    const root = new TaskTracker({ concurrency: 1, errorPolicy: quietPolicy() });
    const images = root.childTracker();
    const work = deferred();
    const handle = images.spawn(() => work.promise);
    const queued = root.spawn(() => 'next');
    images.cancel();
    await outcome(handle);
    expect(root.metrics().snapshot()).toEqual(jasmine.objectContaining({ active: 0, queued: 1, stopping: 1 }));
    expect(images.metrics().stopping()).toBe(1);
    work.resolve(undefined);
    expect(await queued).toBe('next');
    expect(root.metrics().stopping()).toBe(0);
  });

  it('counts a timed-out promise task the same way (marbles: virtual time)', marbles((m) => {
    const tracker = new TaskTracker({ concurrency: 1, errorPolicy: quietPolicy(), timeout: 3 });
    const stopping: number[] = [];
    tracker.spawn(() => new Promise(() => {})); // never settles: holds the slot for ever
    const next = m.cold('-a|');
    tracker.spawn(next);
    m.scheduler.schedule(() => stopping.push(tracker.metrics().stopping()), 2);
    m.scheduler.schedule(() => stopping.push(tracker.metrics().stopping()), 4);
    m.expect(next).toHaveSubscriptions([]);
    m.flush();
    expect(stopping).toEqual([0, 1]);
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ timedOut: 1, active: 0, queued: 1, stopping: 1 }));
    tracker.cancel();
  }));

  it('is in metrics$ too', async () => {
    const tracker = new TaskTracker({ errorPolicy: quietPolicy() });
    const seen: number[] = [];
    const subscription = tracker.metrics$.subscribe((s) => seen.push(s.stopping));
    const work = deferred();
    tracker.spawn(() => work.promise).cancel();
    tracker.spawn(() => NEVER);
    await new Promise((resolve) => setTimeout(resolve, 0));
    work.resolve(undefined);
    // One turn for the promise's callbacks, one for the coalesced emission.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => setTimeout(resolve, 0));
    subscription.unsubscribe();
    expect(seen).toContain(1);
    expect(seen[seen.length - 1]).toBe(0);
  });
});
