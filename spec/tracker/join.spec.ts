import { NEVER, of } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { TrackerClosedError } from '../../lib/index.js';
import { deferred, semaphoreTracker, unlimitedTracker } from '../helpers/trackers.js';

/** Whether `promise` has settled after the microtasks queued so far ran. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return settled;
}

describe('TaskTracker.join', () => {
  it('resolves at once for an idle tracker', async () => {
    const tracker = unlimitedTracker();
    expect(await isSettled(tracker.join())).toBeTrue();
    expect(tracker.isClosed()).toBeTrue();
  });

  it('called from inside one of its own tasks, waits for that task too (as tokio’s wait() does)', async () => {
    const tracker = unlimitedTracker();
    const gate = deferred<string>();
    let joined: Promise<void> | undefined;
    const handle = tracker.spawn(() => {
      joined = tracker.join();
      return gate.promise;
    });
    expect(tracker.isClosed()).toBeTrue();
    expect(await isSettled(joined!)).toBeFalse();
    gate.resolve('done');
    expect(await handle).toBe('done');
    expect(await isSettled(joined!)).toBeTrue();
  });

  it('awaited inside its own task never resolves: such a task races it with its token', async () => {
    const tracker = unlimitedTracker();
    const steps: string[] = [];
    const handle = tracker.spawnCancellable(async (token) => {
      await Promise.race([tracker.join().then(() => steps.push('joined')), token.cancelled().then(() => steps.push('cancelled'))]);
    });
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(steps).toEqual([]);
    expect(handle.status).toBe('running');
    tracker.cancel();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    // The race ends the task's promise, and with it the last work join() waited for.
    expect(steps).toEqual(['cancelled', 'joined']);
    expect(handle.status).toBe('cancelled');
  });

  it('closes the tracker and all descendants at once', () => {
    const root = unlimitedTracker();
    const child = root.childTracker();
    const grandchild = child.childTrackerBuilder().name('deep').build();
    grandchild.spawn(NEVER);
    void root.join();
    for (const tracker of [root, child, grandchild]) {
      expect(tracker.isClosed()).toBeTrue();
      expect(() => tracker.spawn(of(1))).toThrowError(TrackerClosedError);
      expect(() => tracker.childTracker()).toThrowError(TrackerClosedError);
      expect(() => tracker.childTrackerBuilder().build()).toThrowError(TrackerClosedError);
    }
    expect(() => root.spawn(of(1))).toThrowError(TrackerClosedError, /on closed tracker "root": it was joined\./);
    expect(() => grandchild.spawn(of(1))).toThrowError(TrackerClosedError, /on closed tracker "root\/child-1\/deep": its ancestor "root" was joined\./);
  });

  it('waits for every task of the subtree, grandchildren included, and cancels nothing', async () => {
    const root = semaphoreTracker(4);
    const grandchild = root.childTracker().childTracker();
    const inRoot = deferred<number>();
    const inGrandchild = deferred<number>();
    const a = root.spawn(() => inRoot.promise);
    const b = grandchild.spawn(() => inGrandchild.promise);
    const joined = root.join();
    expect(await isSettled(joined)).toBeFalse();
    inRoot.resolve(1);
    expect(await isSettled(joined)).toBeFalse();
    inGrandchild.resolve(2);
    expect(await isSettled(joined)).toBeTrue();
    expect([await a, await b]).toEqual([1, 2]);
    expect(root.metrics().snapshot()).toEqual(jasmine.objectContaining({ success: 2, cancelled: 0, pending: 0 }));
  });

  it('waits until the work of cancelled promise tasks has stopped', async () => {
    const tracker = unlimitedTracker();
    const work = deferred<void>();
    tracker.spawn(() => work.promise);
    tracker.cancel();
    expect(tracker.metrics().pending()).toBe(0);
    const joined = tracker.join();
    expect(await isSettled(joined)).toBeFalse();
    work.resolve();
    expect(await isSettled(joined)).toBeTrue();
  });

  it('resolves when the tasks it waits for are cancelled', marbles((m) => {
    const tracker = semaphoreTracker(1);
    tracker.spawn(m.cold('----------a|'));
    tracker.spawn(m.cold('-b|'));
    let joined = false;
    void tracker.join().then(() => (joined = true));
    m.cold('---x').subscribe(() => tracker.cancel());
    m.flush();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ cancelled: 2, pending: 0 }));
    return Promise.resolve().then(() => expect(joined).toBeTrue());
  }));

  it('joining a child leaves the parent open', async () => {
    const root = unlimitedTracker();
    const child = root.childTracker();
    child.spawn(of(1));
    await child.join();
    expect(child.isClosed()).toBeTrue();
    expect(root.isClosed()).toBeFalse();
    expect(await root.spawn(of(2))).toBe(2);
  });

  it('works on a 10,000-deep chain of trackers without overflowing the stack', async () => {
    const root = unlimitedTracker();
    let leaf = root;
    for (let i = 0; i < 10_000; i++) leaf = leaf.childTracker();
    const work = deferred<string>();
    const handle = leaf.spawn(() => work.promise);
    const joined = root.join();
    expect(leaf.isClosed()).toBeTrue();
    expect(await isSettled(joined)).toBeFalse();
    work.resolve('bottom');
    await joined;
    expect(await handle).toBe('bottom');
    expect(root.metrics().success()).toBe(1);
    expect(root.childCount()).toBe(0);
  });

  it('returns the same pending promise to every caller', () => {
    const tracker = unlimitedTracker();
    tracker.spawn(NEVER);
    expect(tracker.join()).toBe(tracker.join());
    tracker.cancel();
  });
});
